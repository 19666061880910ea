/** The crew pages, loaded on demand (see App.tsx), with their own styles. */
import '../../crew.css';

export { CrewPage } from './CrewPage.tsx';
export { NewCrewPage } from './NewCrewPage.tsx';
