import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsNotificationChannels } from '../../../functions/platform/notification-channels';

const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);
const channels = new AwsNotificationChannels(new SESv2Client({}), new SNSClient({}), 'notices@district.example', 'family-notices');

beforeEach(() => {
  ses.reset();
  sns.reset();
});

describe('AWS channels', () => {
  test('email goes through SES v2 from the district address, in UTF-8, with the language and the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const id = await channels.send({
      channel: 'email',
      to: 'maria.lopez@example.com',
      language: 'es',
      subject: 'Ana tuvo una falta el miércoles, 2 de septiembre de 2026',
      text: 'Ana faltó a 1 período (P1).',
      notificationIds: ['01EVENT'],
    });
    expect(id).toBe('ses-1');
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call!.args[0].input).toEqual({
      FromEmailAddress: 'notices@district.example',
      Destination: { ToAddresses: ['maria.lopez@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Ana tuvo una falta el miércoles, 2 de septiembre de 2026', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Ana faltó a 1 período (P1).', Charset: 'UTF-8' } },
          Headers: [{ Name: 'Content-Language', Value: 'es' }],
        },
      },
      ConfigurationSetName: 'family-notices',
      EmailTags: [{ Name: 'notification', Value: '01EVENT' }],
    });
    expect(sns.calls()).toHaveLength(0);
  });

  test('SMS is a transactional SNS publish to the phone number, never to a topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    await channels.send({
      channel: 'sms',
      to: '+12175550142',
      language: 'es',
      subject: 'x',
      text: 'Ana ausente el 2/9.',
      notificationIds: ['01EVENT'],
    });
    const [call] = sns.commandCalls(PublishCommand);
    expect(call!.args[0].input).toEqual({
      PhoneNumber: '+12175550142',
      Message: 'Ana ausente el 2/9.',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    expect(call!.args[0].input.TopicArn).toBeUndefined();
    expect(ses.calls()).toHaveLength(0);
  });

  test('a refused send rejects, so the notifier records the failure and the queue retries', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    await expect(
      channels.send({ channel: 'email', to: 'x@example.com', language: 'en', subject: 's', text: 't', notificationIds: ['01EVENT'] }),
    ).rejects.toThrow('not verified');
  });
});
