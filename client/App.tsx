import { lazy, Suspense } from 'react';
import { appPageOf } from '../shared/appPaths.ts';
import { ClinicPage } from './views/ClinicPage.tsx';
import { CreatePage } from './views/CreatePage.tsx';
import { NotFoundPage } from './views/NotFoundPage.tsx';

// The crew pages bring a time-zone library and their own styles: a chunk of their own, so a
// clinic's page (which a phone opens in the middle of a call) never downloads them.
const NewCrewPage = lazy(() => import('./views/crews/CrewPages.tsx').then((pages) => ({ default: pages.NewCrewPage })));
const CrewPage = lazy(() => import('./views/crews/CrewPages.tsx').then((pages) => ({ default: pages.CrewPage })));

/**
 * `/` creates a clinic; `/c/:clinicId` is a clinic (join, lobby, live, closed); its `/present`
 * page is the large shared screen for the video call and `/mini` the pop-up timer. `/crews/new`
 * creates a crew and `/crews/:crewId` is its page. Any other path leads nowhere, and says so.
 */
export function App() {
  const page = appPageOf(window.location.pathname);
  if (!page) return <NotFoundPage pathname={window.location.pathname} />;
  switch (page.page) {
    case 'create':
      return <CreatePage />;
    case 'clinic':
      return <ClinicPage clinicId={page.clinicId} layout={page.layout} />;
    default:
      return <Suspense fallback={<p className="loading">Loading…</p>}>{page.page === 'crew' ? <CrewPage crewId={page.crewId} /> : <NewCrewPage />}</Suspense>;
  }
}
