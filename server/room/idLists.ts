/** Lists of participant ids kept free of duplicates, as the roster holds them. */
export const withId = (ids: readonly string[], id: string): string[] => (ids.includes(id) ? [...ids] : [...ids, id]);
export const withoutId = (ids: readonly string[], id: string): string[] => ids.filter((candidate) => candidate !== id);
