import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { requireEnv } from './config';
import { traced } from './aws-clients';

/** One message to one guardian, by email or SMS. */
export interface OutgoingMessage {
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly language: string;
  readonly subject: string;
  /** The email's text, or the SMS. */
  readonly text: string;
  /** For the record: which notification(s) the message carries. */
  readonly notificationIds: readonly string[];
}

/** The notifier's port to the outside world; its adapters are SES v2 + SNS (AWS) and a file outbox (local). */
export interface NotificationChannels {
  /** Sends the message; resolves with the provider's message id, rejects when it was not accepted. */
  send(message: OutgoingMessage): Promise<string>;
}

/** Where each piece of the AWS adapter's configuration comes from. */
export const NOTIFY_ENV = {
  /** The verified SES identity's address notices are sent from (e.g. `notices@district.example`). */
  fromAddress: 'NOTIFY_FROM_ADDRESS',
  /** SES configuration set (bounce and complaint handling), optional. */
  configurationSet: 'NOTIFY_SES_CONFIGURATION_SET',
  /** The local runtime's file outbox folder; when set, nothing is sent to AWS. */
  outboxDir: 'NOTIFY_OUTBOX_DIR',
} as const;

/** SES v2 for email, SNS direct publish (transactional) for SMS. */
export class AwsNotificationChannels implements NotificationChannels {
  constructor(
    private readonly ses: SESv2Client,
    private readonly sns: SNSClient,
    private readonly fromAddress: string,
    private readonly configurationSet?: string,
  ) {}

  async send(message: OutgoingMessage): Promise<string> {
    if (message.channel === 'email') {
      const result = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.fromAddress,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
              Headers: [{ Name: 'Content-Language', Value: message.language }],
            },
          },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
          EmailTags: [{ Name: 'notification', Value: message.notificationIds[0] ?? 'digest' }],
        }),
      );
      if (!result.MessageId) throw new Error('SES accepted the email without a message id');
      return result.MessageId;
    }
    const result = await this.sns.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
    if (!result.MessageId) throw new Error('SNS accepted the SMS without a message id');
    return result.MessageId;
  }
}

/**
 * The local runtime's channels: one JSON line per message in `<dir>/<UTC date>.ndjson`, which a
 * person can read (`tail -f .local/outbox/*.ndjson`). Like a mail server, it refuses the reserved
 * `.invalid` domain (RFC 2606), which is how tests make a send fail.
 */
export class FileOutboxChannels implements NotificationChannels {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: OutgoingMessage): Promise<string> {
    if (message.to.toLowerCase().endsWith('.invalid')) throw new Error(`550 no such domain: ${message.to}`);
    const sentAt = this.now().toISOString();
    const messageId = `local-${randomUUID()}`;
    await mkdir(this.dir, { recursive: true });
    const line = JSON.stringify({ sentAt, messageId, ...message });
    await appendFile(join(this.dir, `${sentAt.slice(0, 10)}.ndjson`), `${line}\n`, 'utf8');
    return messageId;
  }
}

let channels: NotificationChannels | undefined;

/** The channels of this execution environment: the file outbox when NOTIFY_OUTBOX_DIR is set, else SES and SNS. */
export function getNotificationChannels(): NotificationChannels {
  if (!channels) {
    const outbox = process.env[NOTIFY_ENV.outboxDir];
    channels = outbox
      ? new FileOutboxChannels(outbox)
      : new AwsNotificationChannels(
          traced(new SESv2Client({})),
          traced(new SNSClient({})),
          requireEnv(NOTIFY_ENV.fromAddress),
          process.env[NOTIFY_ENV.configurationSet] || undefined,
        );
  }
  return channels;
}
