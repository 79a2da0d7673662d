import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../names';
import { traced } from './aws-clients';
import { getChannelRates } from './channel-rates';
import { requireEnv } from './config';
import { FileOutboxChannels } from './local-channels';

export { FileOutboxChannels } from './local-channels';

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
  /**
   * What SES's delivery, bounce and complaint events will name the message by (SES email tags:
   * letters, digits, `_` and `-`): the notice and guardian, or the digest carrying several.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The notifier's port to the outside world; its adapters are SES v2 + SNS (AWS) and a file outbox (local). */
export interface NotificationChannels {
  /** Sends the message; resolves with the provider's message id, rejects when it was not accepted. */
  send(message: OutgoingMessage): Promise<string>;
}

/**
 * A provider's "not now": SES's throttling ("Maximum sending rate exceeded", a daily quota) and
 * SNS's. The message was not accepted and may be sent later; nothing about it is wrong.
 */
export function isThrottled(error: unknown): boolean {
  const failure = error as { name?: string; message?: string; $retryable?: { throttling?: boolean } };
  return (
    failure?.$retryable?.throttling === true ||
    ['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'ThrottledException', 'LimitExceededException'].includes(
      failure?.name ?? '',
    ) ||
    /maximum sending rate exceeded|daily message quota exceeded|rate exceeded/i.test(failure?.message ?? '')
  );
}

/** Where each piece of the AWS adapter's configuration comes from. */
export const NOTIFY_ENV = {
  /** The verified SES identity's address notices are sent from (e.g. `notices@district.example`). */
  fromAddress: 'NOTIFY_FROM_ADDRESS',
  /** SES configuration set (its event destination feeds bounces and complaints back), optional. */
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
      const tags = Object.entries(message.tags ?? { notification: message.notificationIds[0] ?? 'digest' });
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
          EmailTags: tags.map(([Name, Value]) => ({ Name, Value })),
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

let channels: NotificationChannels | undefined;

/**
 * The channels of this execution environment: the file outbox when NOTIFY_OUTBOX_DIR is set (at
 * the configured rates, with SES's events sent to the feedback queue as SES would), else SES and SNS.
 */
export function getNotificationChannels(): NotificationChannels {
  if (!channels) {
    const outbox = process.env[NOTIFY_ENV.outboxDir];
    if (outbox) {
      const feedbackUrl = process.env[ENV.queueUrl('noticeFeedback')];
      let sqs: SQSClient | undefined;
      channels = new FileOutboxChannels(outbox, {
        rates: getChannelRates(),
        ...(feedbackUrl
          ? {
              feedback: async (event) => {
                sqs ??= new SQSClient({});
                await sqs.send(new SendMessageCommand({ QueueUrl: feedbackUrl, MessageBody: JSON.stringify(event) }));
              },
            }
          : {}),
      });
    } else {
      channels = new AwsNotificationChannels(
        traced(new SESv2Client({})),
        traced(new SNSClient({})),
        requireEnv(NOTIFY_ENV.fromAddress),
        process.env[NOTIFY_ENV.configurationSet] || undefined,
      );
    }
  }
  return channels;
}
