import type { ReactNode } from 'react';
import { t } from '../language.ts';

interface MessagePageProps {
  readonly title: string;
  readonly body: string;
  readonly testId: string;
  /** What the person can do next; a way to start a clinic of their own unless given. */
  readonly children?: ReactNode;
}

/** A page that only says something: a link that leads nowhere, a clinic that is gone. Never a dead end. */
export function MessagePage({ title, body, testId, children }: MessagePageProps) {
  return (
    <main className="page narrow message-page" data-testid={testId}>
      <p className="eyebrow">{t('app.name')}</p>
      <h1>{title}</h1>
      <p className="lead">{body}</p>
      <div className="message-actions">
        {children ?? (
          <a className="button secondary" href="/">
            {t('message.startNew')}
          </a>
        )}
      </div>
    </main>
  );
}
