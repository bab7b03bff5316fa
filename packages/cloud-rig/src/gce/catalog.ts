/** One machine type the fake offers: its real vCPU count and memory. */
export interface MachineTypeInfo {
  guestCpus: number;
  memoryMb: number;
  /** e2-micro/small/medium run on a share of a core, as GCE's `isSharedCpu` says. */
  isSharedCpu: boolean;
}

/** Machine types with Google's published shapes; anything else is a 404 as in GCE. */
export const MACHINE_TYPES: Readonly<Record<string, MachineTypeInfo>> = {
  'e2-micro': { guestCpus: 2, memoryMb: 1024, isSharedCpu: true },
  'e2-small': { guestCpus: 2, memoryMb: 2048, isSharedCpu: true },
  'e2-medium': { guestCpus: 2, memoryMb: 4096, isSharedCpu: true },
  'e2-standard-2': { guestCpus: 2, memoryMb: 8192, isSharedCpu: false },
  'e2-standard-4': { guestCpus: 4, memoryMb: 16384, isSharedCpu: false },
  'n1-standard-1': { guestCpus: 1, memoryMb: 3840, isSharedCpu: false },
  'n1-standard-2': { guestCpus: 2, memoryMb: 7680, isSharedCpu: false },
  'n2-standard-2': { guestCpus: 2, memoryMb: 8192, isSharedCpu: false },
  'n2-standard-4': { guestCpus: 4, memoryMb: 16384, isSharedCpu: false },
  'n2-highmem-2': { guestCpus: 2, memoryMb: 16384, isSharedCpu: false },
};

/** The zones the fake has, by region (a subset of GCE's real ones). */
export const ZONES: readonly string[] = [
  'us-central1-a',
  'us-central1-b',
  'us-central1-c',
  'us-central1-f',
  'us-west1-a',
  'us-west1-b',
  'us-west1-c',
  'europe-west1-b',
  'europe-west1-c',
  'europe-west1-d',
];

/** The region of a zone (`us-west1-a` → `us-west1`). */
export function regionOf(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}
