import { ClinicPage } from './views/ClinicPage.tsx';
import { CreatePage } from './views/CreatePage.tsx';

/** Two routes: `/` creates a clinic, `/c/:clinicId` is a clinic (join, lobby, live, closed). */
export function App() {
  const match = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname);
  return match ? <ClinicPage clinicId={match[1]!} /> : <CreatePage />;
}
