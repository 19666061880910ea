/**
 * This device's key pair for a clinic where it receives notes, kept in IndexedDB, which stores the
 * private CryptoKey itself: created non-extractable, it can open notes here but can never be read
 * out, not even by this page. Forgotten with the clinic.
 */
import { createDeviceKeyPair, type DeviceKeyPair } from '../shared/sealedNotes.ts';

const DATABASE = 'case-clinic-keys';
const STORE = 'deviceKeys';

interface StoredKeyPair {
  readonly pair: DeviceKeyPair;
  readonly createdAt: number;
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** One lookup per clinic at a time, so two callers never make two pairs. */
const lookups = new Map<string, Promise<DeviceKeyPair>>();

/** The pair this device holds for `clinicId`, made (and kept) the first time it is asked for. */
export function deviceKeyPairFor(clinicId: string): Promise<DeviceKeyPair> {
  let lookup = lookups.get(clinicId);
  if (!lookup) {
    lookup = loadOrCreate(clinicId);
    lookup.catch(() => lookups.delete(clinicId));
    lookups.set(clinicId, lookup);
  }
  return lookup;
}

/**
 * The pair this device made for `clinicId`, if it made one; never a new one: a takeaway from an
 * earlier clinic opens only with the key this device held there.
 */
export async function storedDeviceKeyPair(clinicId: string): Promise<DeviceKeyPair | null> {
  const stored = await withStore<StoredKeyPair | undefined>('readonly', (store) => store.get(clinicId));
  return stored?.pair ?? null;
}

async function loadOrCreate(clinicId: string): Promise<DeviceKeyPair> {
  const stored = await storedDeviceKeyPair(clinicId);
  if (stored) return stored;
  const pair = await createDeviceKeyPair();
  await withStore('readwrite', (store) => store.put({ pair, createdAt: Date.now() } satisfies StoredKeyPair, clinicId));
  return pair;
}

export async function forgetDeviceKey(clinicId: string): Promise<void> {
  lookups.delete(clinicId);
  await withStore('readwrite', (store) => store.delete(clinicId));
}
