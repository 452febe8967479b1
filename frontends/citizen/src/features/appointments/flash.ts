import { ref } from 'vue';

/** What the appointment page says once after an action on another page (memory only, shown once). */
export type AppointmentFlash = { kind: 'moved'; id: string; previousStart: string };

const current = ref<AppointmentFlash | null>(null);

export function setFlash(flash: AppointmentFlash): void {
  current.value = flash;
}

/** The message for the appointment `id`, handed over once. */
export function takeFlash(id: string): AppointmentFlash | null {
  const flash = current.value;
  if (!flash || flash.id !== id) return null;
  current.value = null;
  return flash;
}
