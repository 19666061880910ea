/**
 * What Troika Consulting and Wise Crowds share, both from Liberating Structures: the case giver
 * presents, is asked clarifying questions, turns their back while the others consult, and turns
 * around to say what helped. Each format sets its own minutes and says who asks and consults.
 */
import type { FormatTranslation, PhaseDefinition } from './formatSchema.ts';
import type { TranslatedLanguage } from './languages.ts';

type PhaseWords = FormatTranslation['phases'][string];

export const PRESENT: PhaseDefinition = {
  id: 'present',
  title: 'Present',
  purpose: 'The case giver shares a challenge and asks for help.',
  floor: { kind: 'caseGiver' },
  defaultMinutes: 2,
  minimumMinutes: 1,
  guidance: {
    caseGiver: 'Share your challenge and the help you would like.',
    listeners: 'Listen. Ask nothing yet.',
  },
  autoAdvance: 'soft',
};

export const PRESENT_IN: Record<TranslatedLanguage, PhaseWords> = {
  de: {
    title: 'Vorstellen',
    purpose: 'Die Fallgeber·in schildert eine Herausforderung und bittet um Hilfe.',
    guidance: {
      caseGiver: 'Schildere deine Herausforderung und welche Hilfe du dir wünschst.',
      listeners: 'Hör zu. Frag noch nichts.',
    },
  },
  es: {
    title: 'Presentar',
    purpose: 'Quien trae el caso comparte un reto y pide ayuda.',
    guidance: {
      caseGiver: 'Comparte tu reto y la ayuda que te gustaría.',
      listeners: 'Escucha. Aún no preguntes nada.',
    },
  },
};

/** Clarifying questions, with who asks them said in `purpose`. */
export const questions = (purpose: string, defaultMinutes: number): PhaseDefinition => ({
  id: 'questions',
  title: 'Clarifying questions',
  purpose,
  floor: { kind: 'everyone' },
  clarifyingQuestions: true,
  defaultMinutes,
  minimumMinutes: 1,
  guidance: {
    caseGiver: 'Answer what helps them understand.',
    listeners: 'Ask clarifying questions only.',
  },
  autoAdvance: 'soft',
});

/** The clarifying questions' words in each language, with who asks them said in `purposes`. */
export const questionsIn = (purposes: Record<TranslatedLanguage, string>): Record<TranslatedLanguage, PhaseWords> => ({
  de: {
    title: 'Verständnisfragen',
    purpose: purposes.de,
    guidance: {
      caseGiver: 'Beantworte, was ihnen beim Verstehen hilft.',
      listeners: 'Stell nur Verständnisfragen.',
    },
  },
  es: {
    title: 'Preguntas aclaratorias',
    purpose: purposes.es,
    guidance: {
      caseGiver: 'Responde lo que les ayude a entender.',
      listeners: 'Haz solo preguntas aclaratorias.',
    },
  },
});

export const turnAround = (defaultMinutes: number): PhaseDefinition => ({
  id: 'turnAround',
  title: 'Turn around',
  purpose: 'The case giver turns back and shares what was valuable.',
  floor: { kind: 'caseGiver' },
  defaultMinutes,
  minimumMinutes: 1,
  guidance: {
    caseGiver: 'Turn around (camera on) and say what was most valuable.',
    listeners: 'Welcome the case giver back and listen.',
  },
  autoAdvance: 'off',
});

export const TURN_AROUND_IN: Record<TranslatedLanguage, PhaseWords> = {
  de: {
    title: 'Umdrehen',
    purpose: 'Die Fallgeber·in dreht sich zurück und sagt, was wertvoll war.',
    guidance: {
      caseGiver: 'Dreh dich zurück (Kamera an) und sag, was am wertvollsten war.',
      listeners: 'Heißt die Fallgeber·in wieder willkommen und hört zu.',
    },
  },
  es: {
    title: 'Darse la vuelta',
    purpose: 'Quien trae el caso se da la vuelta y comparte lo que le resultó valioso.',
    guidance: {
      caseGiver: 'Date la vuelta (cámara encendida) y di qué fue lo más valioso.',
      listeners: 'Dad la bienvenida a quien trae el caso y escuchad.',
    },
  },
};
