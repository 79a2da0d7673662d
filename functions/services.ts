import { ENV } from './manifest';
import { EnrollmentStore } from './repositories/enrollment-store';
import { RecordStore } from './repositories/record-store';
import { AccessControl } from './use-cases/access';
import { getDocumentClient } from './platform/aws-clients';
import { requireEnv } from './platform/config';

export interface Services {
  readonly store: RecordStore;
  readonly enrollments: EnrollmentStore;
  readonly access: AccessControl;
  readonly now: () => Date;
}

let services: Services | undefined;

/** The API's collaborators, built once per execution environment from its configuration. */
export function getServices(): Services {
  if (!services) {
    const tableName = requireEnv(ENV.table);
    const store = new RecordStore(getDocumentClient(), tableName);
    services = {
      store,
      enrollments: new EnrollmentStore(getDocumentClient(), tableName),
      access: new AccessControl(store),
      now: () => new Date(),
    };
  }
  return services;
}
