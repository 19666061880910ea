import { appPageOf } from '../shared/appPaths.ts';
import { ClinicPage } from './views/ClinicPage.tsx';
import { CreatePage } from './views/CreatePage.tsx';
import { NotFoundPage } from './views/NotFoundPage.tsx';

/**
 * `/` creates a clinic; `/c/:clinicId` is a clinic (join, lobby, live, closed); its `/present`
 * page is the large shared screen for the video call and `/mini` the pop-up timer. Any other path
 * leads nowhere, and says so.
 */
export function App() {
  const page = appPageOf(window.location.pathname);
  if (!page) return <NotFoundPage pathname={window.location.pathname} />;
  if (page.page === 'create') return <CreatePage />;
  return <ClinicPage clinicId={page.clinicId} layout={page.layout} />;
}
