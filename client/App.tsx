import { lazy, Suspense, type ReactNode } from 'react';
import { appPageOf, type AppPage } from '../shared/appPaths.ts';
import { languageScopeOf, t, useLanguage } from './language.ts';
import { ClinicPage } from './views/ClinicPage.tsx';
import { LanguagePicker } from './views/LanguagePicker.tsx';
import { NotFoundPage } from './views/NotFoundPage.tsx';

/** Loaded only on `/`: a phone opening a clinic link never downloads the create page and the format library. */
const CreatePage = lazy(() => import('./views/CreatePage.tsx').then(({ CreatePage: page }) => ({ default: page })));
// The crew pages bring a time-zone library and their own styles: a chunk of their own, so a
// clinic's page (which a phone opens in the middle of a call) never downloads them.
const NewCrewPage = lazy(() => import('./views/crews/CrewPages.tsx').then((pages) => ({ default: pages.NewCrewPage })));
const CrewPage = lazy(() => import('./views/crews/CrewPages.tsx').then((pages) => ({ default: pages.CrewPage })));

/**
 * `/` creates a clinic; `/c/:clinicId` is a clinic (join, lobby, live, closed); its `/present`
 * page is the large shared screen for the video call and `/mini` the pop-up timer. `/crews/new`
 * creates a crew and `/crews/:crewId` is its page. Any other path leads nowhere, and says so.
 * Every page but the mini timer ends with the language picker.
 */
export function App() {
  // Renders the whole page again when the language changes.
  useLanguage();
  const page = appPageOf(window.location.pathname);
  if (page?.page === 'clinic' && page.layout === 'mini') return <ClinicPage clinicId={page.clinicId} layout={page.layout} />;
  const scope = languageScopeOf(window.location.pathname);
  return (
    <>
      {page ? <Page page={page} /> : <NotFoundPage pathname={window.location.pathname} />}
      <footer className={scope.kind === 'screen' ? 'app-footer app-footer-screen' : 'app-footer'}>
        <LanguagePicker scope={scope} />
      </footer>
    </>
  );
}

function Page({ page }: { readonly page: AppPage }): ReactNode {
  switch (page.page) {
    case 'clinic':
      return <ClinicPage clinicId={page.clinicId} layout={page.layout} />;
    case 'create':
      return (
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <CreatePage />
        </Suspense>
      );
    default:
      return <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{page.page === 'crew' ? <CrewPage crewId={page.crewId} /> : <NewCrewPage />}</Suspense>;
  }
}
