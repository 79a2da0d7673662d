import type { NotificationKind } from './preferences';

/** One notice: an email subject and text, and a short SMS text (ICU MessageFormat, decision 0058). */
export interface Template {
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/** Every notice of a language; the type makes the compiler demand each kind and the digest. */
export type Catalog = Readonly<Record<NotificationKind | 'digest', Template>>;
