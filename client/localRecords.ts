/**
 * Small JSON records kept in localStorage, one per id under a prefix: what this device remembers
 * of each clinic and each crew. Whatever is stored is read with suspicion: anything that is not
 * an object reads as an empty record.
 */
export interface LocalRecords<T extends object> {
  read(id: string): T;
  remember(id: string, update: T): void;
  forgetPart(id: string, part: keyof T): void;
  forget(id: string): void;
  /** The ids that have a record on this device. */
  ids(): string[];
}

export function localRecords<T extends object>(prefix: string): LocalRecords<T> {
  const keyOf = (id: string) => `${prefix}${id}`;
  const records: LocalRecords<T> = {
    read(id) {
      try {
        const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(id)) ?? '{}');
        return typeof parsed === 'object' && parsed !== null ? (parsed as T) : ({} as T);
      } catch {
        return {} as T;
      }
    },
    remember(id, update) {
      localStorage.setItem(keyOf(id), JSON.stringify({ ...records.read(id), ...update }));
    },
    forgetPart(id, part) {
      const { [part]: _dropped, ...rest } = records.read(id);
      localStorage.setItem(keyOf(id), JSON.stringify(rest));
    },
    forget(id) {
      localStorage.removeItem(keyOf(id));
    },
    ids() {
      const ids: string[] = [];
      for (let index = 0; index < localStorage.length; index += 1) {
        const key = localStorage.key(index);
        if (key?.startsWith(prefix)) ids.push(key.slice(prefix.length));
      }
      return ids;
    },
  };
  return records;
}
