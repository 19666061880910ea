import { ClinicPage, type ClinicLayout } from './views/ClinicPage.tsx';
import { CreatePage } from './views/CreatePage.tsx';

/**
 * `/` creates a clinic; `/c/:clinicId` is a clinic (join, lobby, live, closed); its `/present`
 * page is the large shared screen for the video call and `/mini` the pop-up timer.
 */
export function App() {
  const match = /^\/c\/([A-Za-z0-9_-]+)(?:\/(present|mini))?\/?$/.exec(window.location.pathname);
  if (!match) return <CreatePage />;
  return <ClinicPage clinicId={match[1]!} layout={(match[2] as ClinicLayout | undefined) ?? 'personal'} />;
}
