import { isBrokenClinicLink } from '../../shared/appPaths.ts';
import { MessagePage } from './MessagePage.tsx';

/** A path the app does not know (the server sent it with 404): a clinic link cut short, or a mistyped address. */
export function NotFoundPage({ pathname }: { readonly pathname: string }) {
  return isBrokenClinicLink(pathname) ? (
    <MessagePage
      testId="not-found"
      title="This clinic link is not complete"
      body="Part of it may have been lost when it was copied. Ask whoever sent it for the link again, and open it whole."
    />
  ) : (
    <MessagePage testId="not-found" title="Page not found" body="There is nothing at this address. A clinic's link looks like /c/ followed by a long code." />
  );
}
