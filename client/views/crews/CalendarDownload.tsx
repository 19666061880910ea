import { readCrewIdentity } from '../../crewIdentity.ts';
import { currentLanguage, t } from '../../language.ts';

const calendarAddress = (crewId: string, week: number) => `/crews/${crewId}/weeks/${week}.ics`;

/**
 * "Add to calendar" for one week: a form that posts this device's member token, so the server
 * hands the .ics only to members (the crew link alone, which a removed member keeps, does not
 * say when the crew meets) and the token is in no address. The answer is a download; the page stays.
 */
export function CalendarDownload({ crewId, week }: { readonly crewId: string; readonly week: number }) {
  const { memberToken } = readCrewIdentity(crewId);
  if (!memberToken) return null;
  return (
    <form className="calendar-download" method="post" action={calendarAddress(crewId, week)}>
      <input type="hidden" name="memberToken" value={memberToken} />
      <input type="hidden" name="lang" value={currentLanguage()} />
      <button type="submit" className="button quiet small">
        {t('session.calendar')}
      </button>
    </form>
  );
}
