import { Injectable } from '@nestjs/common';

/** The time, behind an injectable so that unit tests can fix it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
