import { useMemo, useState, type FormEvent } from 'react';
import { CREW_WEEKS, MAX_THEME_LENGTH } from '../../../shared/crewLimits.ts';
import type { CreatedCrew } from '../../../shared/crewProtocolSchemas.ts';
import { weeksForEveryone } from '../../../shared/crewRota.ts';
import { weeklySchedule } from '../../../shared/crewSchedule.ts';
import type { Weekday } from '../../../shared/wallTimes.ts';
import { CREW_INTRO } from '../../../shared/formats/crewIntro.ts';
import { CREW_LANDING } from '../../../shared/formats/crewLanding.ts';
import { DEFAULT_FORMAT_ID, FORMAT_LIBRARY, findFormat, getFormat } from '../../../shared/formatLibrary.ts';
import { keptFormats } from '../../keptFormats.ts';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from '../../../shared/protocol.ts';
import { createCrew } from '../../crewConnection.ts';
import { crewLink, organiserLink } from '../../crewIdentity.ts';
import { sessionWhen, viewerTimeZone } from '../../crewWording.ts';
import { refusalText } from '../../refusalText.ts';
import { CREW_SIZE } from '../../../shared/crewLimits.ts';
import { translatedFormat } from '../../../shared/formatTranslation.ts';
import { t, useLanguage } from '../../language.ts';
import { CopyField } from '../CopyField.tsx';
import { FormatOptions } from '../FormatOptions.tsx';

/** The formats a crew's case sessions can use: the library's, without the crew's own intro and landing. */
const CASE_FORMATS = FORMAT_LIBRARY.filter((format) => format.id !== CREW_INTRO.id && format.id !== CREW_LANDING.id);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** What the weeks hint counts on: a crew is about four people. */
const TYPICAL_CREW = 4;

const localDate = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const isoWeekday = (date: Date) => (((date.getDay() + 6) % 7) + 1) as Weekday;

/** The zones the browser knows, with this device's own among them even where the list leaves it out. */
function timeZones(own: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return known.includes(own) ? known : [own, ...known];
}

/** `/crews/new`: a crew's name, rhythm and format; then its links, and on to its page. */
export function NewCrewPage() {
  const today = new Date();
  const ownZone = viewerTimeZone();
  const language = useLanguage();
  const zones = useMemo(() => timeZones(ownZone), [ownZone]);
  const [name, setName] = useState('');
  const [theme, setTheme] = useState('');
  const [organiserName, setOrganiserName] = useState('');
  const [weekday, setWeekday] = useState<Weekday>(isoWeekday(today));
  const [time, setTime] = useState('19:00');
  const [timeZone, setTimeZone] = useState(ownZone);
  const [startsOn, setStartsOn] = useState(localDate(today));
  const [weeks, setWeeks] = useState<number>(CREW_WEEKS.default);
  const [formatId, setFormatId] = useState(DEFAULT_FORMAT_ID);
  // Formats built on the create page and kept on this device: a crew can keep one for its sessions.
  const [kept] = useState(keptFormats);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedCrew | null>(null);

  const ownFormats = kept.filter((candidate) => !findFormat(candidate.id));
  const keptFormat = ownFormats.find((candidate) => candidate.id === formatId);
  const format = keptFormat ?? getFormat(formatId);
  const cadence = { weekday, time, timeZone, startsOn };
  const firstAndLast = useMemo(() => {
    try {
      const sessions = weeklySchedule({ weekday, time, timeZone, startsOn }, Math.max(weeks, 1));
      return { intro: sessionWhen(sessions[0]!, timeZone), landing: sessionWhen(sessions.at(-1)!, timeZone) };
    } catch {
      // A date or time still being typed: the summary waits for a whole one.
      return null;
    }
  }, [weekday, time, timeZone, startsOn, weeks]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await createCrew({ name, theme: theme.trim() || undefined, organiserName, cadence, weeks, ...(keptFormat ? { format: keptFormat } : { formatId }) });
    setBusy(false);
    if (reply.ok) setCreated(reply.data);
    else setError(refusalText(reply.error));
  };

  if (created) {
    const origin = window.location.origin;
    const sharedLink = crewLink(origin, created.crewId);
    return (
      <main className="page narrow" data-testid="crew-created">
        <p className="eyebrow">{t('crew.eyebrow')}</p>
        <h1>{t('newCrew.ready.title')}</h1>
        <p className="lead">{t('newCrew.ready.lead')}</p>
        <CopyField label={t('newCrew.ready.crewLink')} value={sharedLink} testId="crew-link" hint={t('newCrew.ready.crewLinkHint', { max: CREW_SIZE.max })} />
        <CopyField
          label={t('newCrew.ready.organiserLink')}
          value={organiserLink(origin, created.crewId, created.organiserKey)}
          testId="organiser-link"
          hint={t('newCrew.ready.organiserLinkHint')}
        />
        <a className="button primary wide" href={sharedLink}>
          {t('newCrew.ready.open')}
        </a>
      </main>
    );
  }

  return (
    <main className="page narrow new-crew">
      <p className="eyebrow">{t('app.name')}</p>
      <h1>{t('crew.start')}</h1>
      <p className="lead">{t('newCrew.lead')}</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="crew-name">{t('newCrew.name')}</label>
        <input id="crew-name" required maxLength={MAX_TITLE_LENGTH} placeholder={t('newCrew.namePlaceholder')} value={name} onChange={(event) => setName(event.target.value)} />

        <label htmlFor="crew-theme">{t('newCrew.theme')}</label>
        <input id="crew-theme" maxLength={MAX_THEME_LENGTH} placeholder={t('newCrew.themePlaceholder')} value={theme} onChange={(event) => setTheme(event.target.value)} />

        <label htmlFor="organiser-name">{t('join.nameLabel')}</label>
        <input id="organiser-name" required autoComplete="given-name" maxLength={MAX_NAME_LENGTH} value={organiserName} onChange={(event) => setOrganiserName(event.target.value)} />

        <fieldset className="crew-when">
          <legend>{t('newCrew.when')}</legend>
          <div className="crew-when-row">
            <span>
              <label htmlFor="crew-weekday">{t('newCrew.every')}</label>
              <select id="crew-weekday" value={weekday} onChange={(event) => setWeekday(Number(event.target.value) as Weekday)}>
                {WEEKDAYS.map((day) => (
                  <option key={day} value={day}>
                    {t('newCrew.weekday', { weekday: String(day) })}
                  </option>
                ))}
              </select>
            </span>
            <span>
              <label htmlFor="crew-time">{t('newCrew.at')}</label>
              <input id="crew-time" type="time" required value={time} onChange={(event) => setTime(event.target.value)} />
            </span>
          </div>
          <label htmlFor="crew-zone">{t('newCrew.zone')}</label>
          <select id="crew-zone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <p className="hint">{t('newCrew.zoneHint')}</p>
          <div className="crew-when-row crew-date-row">
            <span>
              <label htmlFor="crew-start">{t('newCrew.startsOn')}</label>
              <input id="crew-start" type="date" required value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
            </span>
            <span>
              <label htmlFor="crew-weeks">{t('newCrew.weeks')}</label>
              <input
                id="crew-weeks"
                type="number"
                inputMode="numeric"
                required
                min={CREW_WEEKS.min}
                max={CREW_WEEKS.max}
                value={weeks}
                onChange={(event) => setWeeks(Number(event.target.value))}
              />
            </span>
          </div>
          {firstAndLast && (
            <p className="hint" data-testid="crew-dates">
              {t('newCrew.dates', { introDate: firstAndLast.intro.date, introTime: firstAndLast.intro.time, landingDate: firstAndLast.landing.date })}
            </p>
          )}
        </fieldset>

        <label htmlFor="crew-format">{t('newCrew.format')}</label>
        <select id="crew-format" value={formatId} onChange={(event) => setFormatId(event.target.value)}>
          <optgroup label={t('create.library')}>
            <FormatOptions formats={CASE_FORMATS} />
          </optgroup>
          {ownFormats.length > 0 && (
            <optgroup label={t('newCrew.yours')}>
              <FormatOptions formats={ownFormats} />
            </optgroup>
          )}
        </select>
        <p className="format-description">
          {translatedFormat(format, language).description}
          <small>{t('newCrew.formatHint', { people: TYPICAL_CREW, weeks: weeksForEveryone(format, TYPICAL_CREW) })}</small>
        </p>

        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? t('create.creating') : t('newCrew.submit')}
        </button>
      </form>
      <p className="hint centered">
        {t('newCrew.privacy')} <a href="/">{t('newCrew.singleClinic')}</a>
      </p>
    </main>
  );
}
