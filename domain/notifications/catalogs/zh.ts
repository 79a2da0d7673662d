import type { Catalog } from '../catalog-types';

/** Chinese (Simplified). */
export const ZH: Catalog = {
  absence: {
    subject: '{studentName}于{date, date, day}被记为缺勤',
    body: '{studentName}于{date, date, day}在{schoolName}缺勤{periodCount}节课（{periods}）{excused, select, true {（已准假）} other {}}。如有疑问，请联系学校办公室。',
    sms: '{schoolName}：{studentName}于{date, date, dm}缺勤{periodCount}节课。',
  },
  tardy: {
    subject: '{studentName}于{date, date, day}迟到',
    body: '{studentName}于{date, date, day}在{schoolName}有{periodCount}节课迟到（{periods}）。',
    sms: '{schoolName}：{studentName}于{date, date, dm}迟到{periodCount}节课。',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {请忽略之前的通知：{studentName}于{date, date, day}出勤} ' +
      'excused {更正：{studentName}于{date, date, day}的{category, select, tardy {迟到} other {缺勤}}已准假} ' +
      'unexcused {更正：{studentName}于{date, date, day}的{category, select, tardy {迟到} other {缺勤}}未准假} ' +
      'absent {更正：{studentName}于{date, date, day}缺勤，而非迟到} other {更正：{studentName}于{date, date, day}迟到，而非缺勤}}',
    body:
      '{change, select, present {请忽略我们之前的通知：{studentName}于{date, date, day}在{schoolName}的{periods}课出勤。} ' +
      'excused {更正：{studentName}于{date, date, day}在{periods}课的{category, select, tardy {迟到} other {缺勤}}现已准假。} ' +
      'unexcused {更正：{studentName}于{date, date, day}在{periods}课的{category, select, tardy {迟到} other {缺勤}}现记为未准假。如有假条，请交给学校办公室。} ' +
      'absent {更正：{studentName}于{date, date, day}在{periods}课现记为缺勤，而非迟到。} ' +
      'other {更正：{studentName}于{date, date, day}在{periods}课现记为迟到，而非缺勤。}}',
    sms:
      '{schoolName}：{change, select, present {请忽略之前的通知，{studentName}于{date, date, dm}出勤。} ' +
      'excused {{studentName}于{date, date, dm}的{category, select, tardy {迟到} other {缺勤}}已准假。} ' +
      'unexcused {{studentName}于{date, date, dm}的{category, select, tardy {迟到} other {缺勤}}未准假。} ' +
      'absent {更正：{studentName}于{date, date, dm}缺勤，非迟到。} other {更正：{studentName}于{date, date, dm}迟到，非缺勤。}}',
  },
  attendanceSummary: {
    subject: '{studentName}于{date, date, day}的出勤情况',
    body:
      '{studentName}于{date, date, day}在{schoolName}的出勤情况：\n缺勤：{absentPeriods}\n迟到：{tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\n其中#项已准假。}}\n所有记录请在家长门户查看。',
    sms: '{schoolName}：{studentName} {date, date, dm}：缺勤{absentCount}节，迟到{tardyCount}节。',
  },
  lowGrade: {
    subject: '{studentName}的{courseTitle}成绩为{letter}',
    body: '{studentName}目前{courseTitle}{gradingPeriodName, select, none {} other {（{gradingPeriodName}）}}的成绩为{percent, number, ::percent .##}（{letter}）。老师可以建议如何提高。',
    sms: '{studentName}：{courseTitle}成绩现为{percent, number, ::percent .##}（{letter}）。',
  },
  missingAssignment: {
    subject: '{studentName}在{courseTitle}有一项作业未交',
    body: '{courseTitle}的作业“{assignmentTitle}”（截止日期{dueDate, date, day}）记录为{studentName}未交。',
    sms: '{studentName}：{courseTitle}作业“{assignmentTitle}”未交。',
  },
  reportCardPosted: {
    subject: '{corrected, select, true {{studentName}的{courseTitle}成绩已更正} other {{studentName}的{courseTitle}有新成绩}}',
    body:
      '{corrected, select, true {{studentName}在{courseTitle}（{gradingPeriodName}）的成绩已更正为{letter}。} other {{studentName}在{courseTitle}（{gradingPeriodName}）获得{letter}。}}' +
      '请在家长门户查看成绩单。',
    sms: '{studentName}：{courseTitle}（{gradingPeriodName}）{letter}{corrected, select, true {（已更正）} other {}}。',
  },
  enrollmentCompleted: {
    subject: '{studentName}已在{schoolName}注册',
    body: '欢迎！{studentName}已注册{schoolName}{gradeLevel}年级，自{date, date, day}起入学。',
    sms: '{studentName}已注册{schoolName}，自{date, date, dm}起入学。',
  },
  scheduleChanged: {
    subject: '{studentName}的课程表已更改',
    body: '{studentName}的课程表已更改：新增{addedCount}门课，退选{droppedCount}门课。请在家长门户查看新课程表。',
    sms: '{studentName}的课程表已更改（+{addedCount}/-{droppedCount}）。',
  },
  disciplinaryAction: {
    subject: '{studentName}的纪律处分',
    body:
      '{studentName}的学校记录了{action, select, warning {一次警告} parentConference {一次家长会谈} restorativeConference {一次修复性会谈} detention {一次留校处分} inSchoolSuspension {一次校内停课} outOfSchoolSuspension {一次校外停学} expulsion {一次开除} other {一项纪律处分}}，自{date, date, day}起{days, plural, =0 {} other {（# 个上学日）}}。' +
      '如有疑问，请联系{schoolName}；详情请见家长门户。',
    sms: '{schoolName}：{studentName}自{date, date, dm}起受到纪律处分，详情见家长门户。',
  },
  digest: {
    subject: '来自学校的{count}条新通知',
    body: '您有{count}条新通知：\n{items}',
    sms: '您有{count}条新的学校通知。请查看家长门户。',
  },
};
