import { computed, getCurrentScope, onScopeDispose, ref, type ComputedRef, type Ref } from 'vue';

/** The device's choice (a screen's sound is the room's, not a person's). */
export const CHIME_KEY = 'buergeramt.backoffice.display.chime';

/** What the chime needs of the Web Audio API (the browser's AudioContext; a fake in tests). */
export interface ChimeAudio {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  createOscillator(): OscillatorNode;
  createGain(): GainNode;
}

export interface ChimeOptions {
  /** default: the browser's AudioContext, or null where there is none */
  createAudio?: () => ChimeAudio | null;
  /** where gestures unlock the sound (default `document`) */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

export interface Chime {
  /** the device's choice: sound on */
  on: Ref<boolean>;
  /** the choice is "on", but the browser waits for a click or key before it plays sound (autoplay rule) */
  blocked: ComputedRef<boolean>;
  /** Switches the sound on (call it from a click: that is what lets it play) or off, and remembers it. */
  toggle(): Promise<void>;
  /** Two soft tones, falling (only when on and allowed). */
  play(): void;
}

function remembered(): boolean {
  try {
    return window.localStorage.getItem(CHIME_KEY) === 'on';
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    window.localStorage.setItem(CHIME_KEY, on ? 'on' : 'off');
  } catch {
    // storage disabled: the choice holds until the page reloads
  }
}

const browserAudio = (): ChimeAudio | null =>
  typeof window.AudioContext === 'function' ? new window.AudioContext() : null;

/** The tones: E5 then C5, the second a little later, each fading out gently. */
const TONES = [
  { frequency: 659.25, at: 0 },
  { frequency: 523.25, at: 0.45 },
] as const;
const PEAK = 0.2;
const LENGTH = 1.4;

/**
 * A gentle two-tone chime made in the browser (Web Audio oscillators: no sound file, no request). Off
 * until someone switches it on with a click (browsers let a page play sound only after a gesture); the
 * choice is remembered on the device, and after a reload the first click or key on the page lets it
 * play again.
 */
export function useChime(options: ChimeOptions = {}): Chime {
  const createAudio = options.createAudio ?? browserAudio;
  const target = options.target ?? document;
  const on = ref(remembered());
  const running = ref(false);
  let audio: ChimeAudio | null = null;

  async function unlock(): Promise<void> {
    try {
      audio ??= createAudio();
      if (!audio) return;
      if (audio.state !== 'running') await audio.resume();
    } catch {
      // no sound on this device
    }
    running.value = audio?.state === 'running';
  }

  function onGesture(): void {
    if (on.value && !running.value) void unlock();
  }

  async function toggle(): Promise<void> {
    on.value = !on.value;
    remember(on.value);
    if (!on.value) return;
    await unlock();
    play();
  }

  function play(): void {
    if (!on.value || !audio || audio.state !== 'running') return;
    const start = audio.currentTime + 0.05;
    for (const tone of TONES) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.setValueAtTime(tone.frequency, start + tone.at);
      gain.gain.setValueAtTime(0.0001, start + tone.at);
      gain.gain.exponentialRampToValueAtTime(PEAK, start + tone.at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.at + LENGTH);
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(start + tone.at);
      oscillator.stop(start + tone.at + LENGTH + 0.05);
    }
  }

  // remembered "on": try at once (a kiosk browser may allow it), else the first gesture unlocks it
  if (on.value) void unlock();
  target.addEventListener('pointerdown', onGesture);
  target.addEventListener('keydown', onGesture);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      target.removeEventListener('pointerdown', onGesture);
      target.removeEventListener('keydown', onGesture);
    });
  }

  return { on, blocked: computed(() => on.value && !running.value), toggle, play };
}
