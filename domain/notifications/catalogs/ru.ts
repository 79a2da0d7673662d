import type { Catalog } from '../catalog-types';

const LESSONS = '{periodCount, plural, one {# урок} few {# урока} many {# уроков} other {# урока}}';
const OF_LESSONS = '{periodCount, plural, one {# урока} few {# уроков} many {# уроков} other {# урока}}';
const CLASSES = (count: string) => `{${count}, plural, one {# занятие} few {# занятия} many {# занятий} other {# занятия}}`;
const MESSAGES = '{count, plural, one {# новое сообщение} few {# новых сообщения} many {# новых сообщений} other {# новых сообщения}}';
const WHAT = '{category, select, tardy {опоздание} other {пропуск}}';

/** Russian. */
export const RU: Catalog = {
  absence: {
    subject: 'Пропуск занятий: {studentName}, {date, date, day}',
    body:
      `{studentName}: пропуск ${OF_LESSONS} ({periods}) — {date, date, day}, {schoolName}{excused, select, true { (по уважительной причине)} other {}}. ` +
      'Если вы этого не ожидали, пожалуйста, свяжитесь с канцелярией школы.',
    sms: `{schoolName}: {studentName} отсутствует {date, date, dm}, ${LESSONS}.`,
  },
  tardy: {
    subject: 'Опоздание: {studentName}, {date, date, day}',
    body: `{studentName}: опоздание на ${LESSONS} ({periods}) — {date, date, day}, {schoolName}.`,
    sms: `{schoolName}: {studentName} опоздание {date, date, dm}, ${LESSONS}.`,
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Пожалуйста, не учитывайте предыдущее сообщение: {studentName} присутствовал(а) {date, date, day}} ' +
      `excused {Исправление: ${WHAT} {studentName} {date, date, day} — по уважительной причине} ` +
      `unexcused {Исправление: ${WHAT} {studentName} {date, date, day} — без уважительной причины} ` +
      'absent {Исправление: {studentName} отсутствовал(а) {date, date, day}, а не опоздал(а)} ' +
      'other {Исправление: {studentName} опоздал(а) {date, date, day}, а не отсутствовал(а)}}',
    body:
      '{change, select, present {Пожалуйста, не учитывайте наше предыдущее сообщение: {studentName} присутствовал(а) на уроках {periods} {date, date, day} в {schoolName}.} ' +
      `excused {Исправление: ${WHAT} {studentName} на уроках {periods} {date, date, day} теперь по уважительной причине.} ` +
      `unexcused {Исправление: ${WHAT} {studentName} на уроках {periods} {date, date, day} теперь без уважительной причины. Если у вас есть справка, отправьте её в канцелярию школы.} ` +
      'absent {Исправление: {studentName} теперь отмечен(а) как отсутствующий(ая), а не опоздавший(ая), на уроках {periods} {date, date, day}.} ' +
      'other {Исправление: {studentName} теперь отмечен(а) как опоздавший(ая), а не отсутствующий(ая), на уроках {periods} {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {не учитывайте предыдущее, {studentName} был(а) на уроках {date, date, dm}.} ' +
      'excused {{studentName} {date, date, dm}: уважительная причина.} unexcused {{studentName} {date, date, dm}: без уважительной причины.} ' +
      'absent {исправление, {studentName} отсутствовал(а) {date, date, dm}, не опоздание.} other {исправление, {studentName} опоздал(а) {date, date, dm}, не пропуск.}}',
  },
  attendanceSummary: {
    subject: 'Посещаемость: {studentName}, {date, date, day}',
    body:
      'Посещаемость: {studentName}, {date, date, day}, {schoolName}\nОтсутствие: {absentPeriods}\nОпоздание: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nПо уважительной причине: #.}}\nВсе отметки — на родительском портале.',
    sms: '{schoolName}: {studentName} {date, date, dm}: пропуски {absentCount}, опоздания {tardyCount}.',
  },
  lowGrade: {
    subject: 'Оценка {studentName} по предмету {courseTitle}: {letter}',
    body: 'Текущая оценка {studentName} по предмету {courseTitle}{gradingPeriodName, select, none {} other { за {gradingPeriodName}}}: {percent, number, ::percent .##} ({letter}). Учитель может подсказать, как её улучшить.',
    sms: '{studentName}: {courseTitle}, сейчас {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: '{studentName}: не сдано задание по предмету {courseTitle}',
    body: 'Задание «{assignmentTitle}» по предмету {courseTitle} со сроком {dueDate, date, day} отмечено как не сданное ({studentName}).',
    sms: '{studentName}: не сдано «{assignmentTitle}» ({courseTitle}).',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {Исправлена оценка {studentName} по предмету {courseTitle}} other {Новая оценка {studentName} по предмету {courseTitle}}}',
    body:
      '{corrected, select, true {Оценка {studentName} по предмету {courseTitle} за {gradingPeriodName} исправлена на {letter}.} other {{studentName} получил(а) {letter} по предмету {courseTitle} за {gradingPeriodName}.}} ' +
      'Табель — на родительском портале.',
    sms: '{studentName}: {letter}, {courseTitle} ({gradingPeriodName}){corrected, select, true {, исправлено} other {}}.',
  },
  enrollmentCompleted: {
    subject: '{studentName} зачислен(а) в {schoolName}',
    body: 'Добро пожаловать! {studentName} зачислен(а) в {gradeLevel} класс, {schoolName}; начало занятий {date, date, day}.',
    sms: '{studentName} зачислен(а) в {schoolName} с {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'Изменилось расписание: {studentName}',
    body: `Расписание {studentName} изменилось: добавлено ${CLASSES('addedCount')}, убрано ${CLASSES('droppedCount')}. Новое расписание — на родительском портале.`,
    sms: 'Расписание {studentName} изменилось (+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: 'Дисциплинарная мера для {studentName}',
    body:
      'Школа {studentName} зафиксировала {action, select, warning {предупреждение} parentConference {встречу с родителями} restorativeConference {восстановительную встречу} detention {оставление после уроков} inSchoolSuspension {отстранение от уроков в школе} outOfSchoolSuspension {временное отстранение от школы} expulsion {исключение} other {дисциплинарную меру}} с {date, date, day}{days, plural, =0 {} one { (# учебный день)} few { (# учебных дня)} many { (# учебных дней)} other { (# учебного дня)}}. ' +
      'С вопросами обращайтесь в {schoolName}; подробности — на портале для родителей.',
    sms: '{schoolName}: дисциплинарная мера для {studentName} с {date, date, dm}.',
  },
  digest: {
    subject: `${MESSAGES} из школы`,
    body: `У вас ${MESSAGES}:\n{items}`,
    sms: `${MESSAGES} из школы. Смотрите родительский портал.`,
  },
};
