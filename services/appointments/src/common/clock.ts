import { Injectable } from '@nestjs/common';

/** The time, behind an injectable so that tests can fix it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
