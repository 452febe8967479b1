// ical.js 1.5 ships no type declarations: the little the tests use.
declare module 'ical.js' {
  export function parse(input: string): unknown[];
  export class Time {
    toJSDate(): Date;
    toString(): string;
  }
  export class Property {
    getFirstValue(): unknown;
  }
  export class Component {
    constructor(jcal: unknown[] | string);
    name: string;
    getFirstSubcomponent(name: string): Component | null;
    getFirstPropertyValue(name: string): unknown;
    getFirstProperty(name: string): Property | null;
  }
  export class Event {
    constructor(component: Component | null);
    uid: string;
    summary: string;
    location: string;
    description: string;
    sequence: number;
    startDate: Time;
    endDate: Time;
  }
}
