/**
 * SES's email sending events as its configuration set's event destination publishes them to SNS
 * ("Contents of event data that Amazon SES publishes to Amazon SNS", SES developer guide), the
 * part of them the notifier reads. With raw message delivery the SQS body is the event itself;
 * without it, SNS wraps it in a notification whose `Message` is the event as a string.
 */
import * as z from 'zod';

const Recipient = z.object({ emailAddress: z.string() }).passthrough();

export const SesEventSchema = z
  .object({
    eventType: z.string(),
    mail: z
      .object({
        messageId: z.string(),
        timestamp: z.string(),
        destination: z.array(z.string()).default([]),
        /** Email tags, each name with its values. */
        tags: z.record(z.string(), z.array(z.string())).default({}),
      })
      .passthrough(),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string().optional(),
        bouncedRecipients: z.array(Recipient.extend({ diagnosticCode: z.string().optional() })),
        timestamp: z.string(),
      })
      .passthrough()
      .optional(),
    complaint: z
      .object({ complainedRecipients: z.array(Recipient), timestamp: z.string(), complaintFeedbackType: z.string().optional() })
      .passthrough()
      .optional(),
    delivery: z
      .object({ timestamp: z.string(), recipients: z.array(z.string()).default([]) })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type SesEvent = z.infer<typeof SesEventSchema>;

const SnsEnvelope = z.object({ Type: z.literal('Notification'), Message: z.string() }).passthrough();

/** The SES event in an SQS message body, raw or in its SNS envelope. */
export function sesEventOf(body: string): SesEvent {
  const parsed: unknown = JSON.parse(body);
  const envelope = SnsEnvelope.safeParse(parsed);
  return SesEventSchema.parse(envelope.success ? JSON.parse(envelope.data.Message) : parsed);
}
