import { Timeline } from './Timeline.tsx';
import type { ClinicView } from './useClinic.ts';

/** After the close: planned against actual time, for everyone. */
export function Summary({ view }: { readonly view: ClinicView }) {
  const closedAt = view.progress.closedAt ?? 0;
  return (
    <main className="page narrow" data-testid="summary">
      <p className="eyebrow">{view.clinic.title ?? 'Case clinic'}</p>
      <h1>Clinic closed</h1>
      <p className="lead">Thank you for the attention you gave each other. Here is how the time went (pauses not counted).</p>
      <section className="card">
        <Timeline view={view} at={closedAt} />
      </section>
    </main>
  );
}
