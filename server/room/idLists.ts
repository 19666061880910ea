/** Lists of participant ids kept free of duplicates, as the roster holds them. */
export const withId = (ids: readonly string[], id: string): string[] => (ids.includes(id) ? [...ids] : [...ids, id]);
export const withoutId = (ids: readonly string[], id: string): string[] => ids.filter((candidate) => candidate !== id);
export const sameIdsInOrder = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, index) => id === b[index]);
