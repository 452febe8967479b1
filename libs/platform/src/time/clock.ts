import { Injectable } from '@nestjs/common';

/**
 * The time, behind an injectable so that tests can fix it (`overrideProvider(Clock)`). One for the
 * platform: PlatformModule provides it to every service; code that decides by the time asks it rather
 * than `new Date()` or `Date.now()`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
