import { apiHandler } from '../http/api-handler';
import { PEOPLE_ROUTES } from '../routes/people';
import { SCHOOL_ROUTES } from '../routes/schools';
import { STUDENT_NOTICE_ROUTES } from '../routes/student-notices';

// A school's student directory is declared with the school's routes.
export const handler = apiHandler('students', SCHOOL_ROUTES, PEOPLE_ROUTES, STUDENT_NOTICE_ROUTES);
