import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { CHIME_KEY, type ChimeAudio, useChime } from './useChime';

/** A Web Audio stand-in that starts suspended (autoplay rule) unless the test allows sound. */
class FakeAudio implements ChimeAudio {
  state = 'suspended';
  currentTime = 10;
  destination = {} as AudioNode;
  tones: number[] = [];
  constructor(private readonly allowed: () => boolean) {}
  resume(): Promise<void> {
    if (this.allowed()) this.state = 'running';
    return Promise.resolve();
  }
  createOscillator(): OscillatorNode {
    const tones = this.tones;
    return {
      type: 'sine',
      frequency: { setValueAtTime: (value: number) => tones.push(value) },
      connect: () => undefined,
      start: () => undefined,
      stop: () => undefined,
    } as unknown as OscillatorNode;
  }
  createGain(): GainNode {
    const param = { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined };
    return { gain: param, connect: () => undefined } as unknown as GainNode;
  }
}

function setup(allowed = { value: true }) {
  const made: FakeAudio[] = [];
  const target = new EventTarget();
  const scope = effectScope();
  const chime = scope.run(() =>
    useChime({
      createAudio: () => {
        const audio = new FakeAudio(() => allowed.value);
        made.push(audio);
        return audio;
      },
      target,
    }),
  )!;
  return { chime, made, target, scope, allowed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useChime', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => window.localStorage.clear());

  it('is off on a new device and plays nothing', () => {
    const { chime, made } = setup();
    expect(chime.on.value).toBe(false);
    chime.play();
    expect(made).toHaveLength(0);
  });

  it('switched on by a click: plays two falling tones at once and remembers the choice', async () => {
    const { chime, made } = setup();
    await chime.toggle();
    expect(chime.on.value).toBe(true);
    expect(chime.blocked.value).toBe(false);
    expect(made[0]?.tones).toEqual([659.25, 523.25]);
    chime.play();
    expect(made[0]?.tones).toHaveLength(4);
    expect(window.localStorage.getItem(CHIME_KEY)).toBe('on');
    await chime.toggle();
    chime.play();
    expect(made[0]?.tones).toHaveLength(4);
    expect(window.localStorage.getItem(CHIME_KEY)).toBe('off');
  });

  it('remembered "on" after a reload: blocked by the browser until the first click or key on the page', async () => {
    window.localStorage.setItem(CHIME_KEY, 'on');
    const allowed = { value: false };
    const { chime, made, target } = setup(allowed);
    await settle();
    expect(chime.on.value).toBe(true);
    expect(chime.blocked.value).toBe(true);
    chime.play();
    expect(made[0]?.tones).toEqual([]);
    allowed.value = true; // a gesture lets the page play sound
    target.dispatchEvent(new Event('keydown'));
    await settle();
    expect(chime.blocked.value).toBe(false);
    chime.play();
    expect(made[0]?.tones).toEqual([659.25, 523.25]);
  });

  it('stops listening for gestures when its scope ends', async () => {
    window.localStorage.setItem(CHIME_KEY, 'on');
    const allowed = { value: false };
    const { chime, target, scope } = setup(allowed);
    await settle();
    scope.stop();
    allowed.value = true;
    target.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(chime.blocked.value).toBe(true);
  });
});
