import { isBrokenClinicLink } from '../../shared/appPaths.ts';
import { MessagePage } from './MessagePage.tsx';
import { t } from '../language.ts';

/** A path the app does not know (the server sent it with 404): a clinic link cut short, or a mistyped address. */
export function NotFoundPage({ pathname }: { readonly pathname: string }) {
  return isBrokenClinicLink(pathname) ? (
    <MessagePage
      testId="not-found"
      title={t('notFound.brokenLink.title')}
      body={t('notFound.brokenLink.body')}
    />
  ) : (
    <MessagePage testId="not-found" title={t('notFound.title')} body={t('notFound.body')} />
  );
}
