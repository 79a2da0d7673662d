import type { Catalog } from '../catalog-types';

/** Korean. */
export const KO: Catalog = {
  absence: {
    subject: '{studentName} 학생이 {date, date, day}에 결석 처리되었습니다',
    body:
      '{studentName} 학생이 {date, date, day} {schoolName}에서 {periodCount}개 교시({periods}) 결석 처리되었습니다{excused, select, true {(인정 결석)} other {}}. ' +
      '예상하지 못한 일이라면 학교 사무실로 연락해 주십시오.',
    sms: '{schoolName}: {studentName} {date, date, dm} 결석 {periodCount}개 교시.',
  },
  tardy: {
    subject: '{studentName} 학생이 {date, date, day}에 지각했습니다',
    body: '{studentName} 학생이 {date, date, day} {schoolName}에서 {periodCount}개 수업({periods})에 지각했습니다.',
    sms: '{schoolName}: {studentName} {date, date, dm} 지각 {periodCount}개 수업.',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {이전 알림을 무시해 주십시오: {studentName} 학생은 {date, date, day}에 출석했습니다} ' +
      'excused {정정: {studentName} 학생의 {date, date, day} {category, select, tardy {지각} other {결석}}은 인정 처리되었습니다} ' +
      'unexcused {정정: {studentName} 학생의 {date, date, day} {category, select, tardy {지각} other {결석}}은 미인정입니다} ' +
      'absent {정정: {studentName} 학생은 {date, date, day}에 지각이 아니라 결석했습니다} ' +
      'other {정정: {studentName} 학생은 {date, date, day}에 결석이 아니라 지각했습니다}}',
    body:
      '{change, select, present {이전 알림을 무시해 주십시오: {studentName} 학생은 {date, date, day} {schoolName}의 {periods} 수업에 출석했습니다.} ' +
      'excused {정정: {studentName} 학생의 {date, date, day} {periods} {category, select, tardy {지각} other {결석}}이 인정 처리되었습니다.} ' +
      'unexcused {정정: {studentName} 학생의 {date, date, day} {periods} {category, select, tardy {지각} other {결석}}이 미인정으로 기록되었습니다. 사유서가 있으시면 학교 사무실로 보내 주십시오.} ' +
      'absent {정정: {studentName} 학생은 {date, date, day} {periods}에 지각이 아니라 결석으로 기록되었습니다.} ' +
      'other {정정: {studentName} 학생은 {date, date, day} {periods}에 결석이 아니라 지각으로 기록되었습니다.}}',
    sms:
      '{schoolName}: {change, select, present {이전 알림 무시, {studentName} {date, date, dm} 출석.} ' +
      'excused {{studentName} {date, date, dm} {category, select, tardy {지각} other {결석}} 인정.} ' +
      'unexcused {{studentName} {date, date, dm} {category, select, tardy {지각} other {결석}} 미인정.} ' +
      'absent {정정, {studentName} {date, date, dm} 결석(지각 아님).} other {정정, {studentName} {date, date, dm} 지각(결석 아님).}}',
  },
  attendanceSummary: {
    subject: '{studentName} 학생의 {date, date, day} 출결',
    body:
      '{studentName} 학생의 {date, date, day} {schoolName} 출결:\n결석: {absentPeriods}\n지각: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\n이 중 #건은 인정 처리되었습니다.}}\n모든 기록은 학부모 포털에 있습니다.',
    sms: '{schoolName}: {studentName} {date, date, dm}: 결석 {absentCount}, 지각 {tardyCount}.',
  },
  lowGrade: {
    subject: '{studentName} 학생의 {courseTitle} 성적은 {letter}입니다',
    body: '{studentName} 학생의 현재 {courseTitle}{gradingPeriodName, select, none {} other { ({gradingPeriodName})}} 성적은 {percent, number, ::percent .##}({letter})입니다. 담당 교사가 성적 향상 방법을 안내해 드릴 수 있습니다.',
    sms: '{studentName}: {courseTitle} 현재 성적 {percent, number, ::percent .##}({letter}).',
  },
  missingAssignment: {
    subject: '{studentName} 학생의 {courseTitle} 과제가 미제출 상태입니다',
    body: '{courseTitle}의 "{assignmentTitle}"(마감 {dueDate, date, day}) 과제가 {studentName} 학생의 미제출로 기록되었습니다.',
    sms: '{studentName}: "{assignmentTitle}"({courseTitle}) 미제출.',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {{studentName} 학생의 {courseTitle} 성적이 정정되었습니다} other {{studentName} 학생의 {courseTitle} 새 성적이 있습니다}}',
    body:
      '{corrected, select, true {{studentName} 학생의 {courseTitle} {gradingPeriodName} 성적이 {letter}(으)로 정정되었습니다.} other {{studentName} 학생이 {courseTitle} {gradingPeriodName}에서 {letter}을(를) 받았습니다.}} ' +
      '학부모 포털에서 성적표를 확인하십시오.',
    sms: '{studentName}: {courseTitle} ({gradingPeriodName}) {letter}{corrected, select, true {, 정정됨} other {}}.',
  },
  enrollmentCompleted: {
    subject: '{studentName} 학생이 {schoolName}에 등록되었습니다',
    body: '환영합니다! {studentName} 학생이 {schoolName} {gradeLevel}학년에 등록되었으며 {date, date, day}부터 등교합니다.',
    sms: '{studentName} 학생이 {schoolName}에 등록되었습니다({date, date, dm}부터).',
  },
  scheduleChanged: {
    subject: '{studentName} 학생의 수업 시간표가 변경되었습니다',
    body: '{studentName} 학생의 시간표가 변경되었습니다: 수업 {addedCount}개 추가, {droppedCount}개 취소. 학부모 포털에서 새 시간표를 확인하십시오.',
    sms: '{studentName} 학생 시간표 변경(+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: '{studentName} 학생에 대한 징계 조치',
    body:
      '{studentName} 학생의 학교가 {date, date, day}부터 {action, select, warning {경고} parentConference {학부모 면담} restorativeConference {회복적 대화 모임} detention {방과 후 지도} inSchoolSuspension {교내 정학} outOfSchoolSuspension {교외 정학} expulsion {퇴학} other {징계 조치}}{days, plural, =0 {} other {(수업일 #일)}}를 기록했습니다. ' +
      '문의 사항은 {schoolName}에 연락해 주십시오. 자세한 내용은 학부모 포털에 있습니다.',
    sms: '{schoolName}: {studentName} 학생 징계 조치({date, date, dm}부터). 학부모 포털 참조.',
  },
  digest: {
    subject: '학교에서 온 새 알림 {count}건',
    body: '새 알림이 {count}건 있습니다:\n{items}',
    sms: '새 학교 알림 {count}건. 학부모 포털을 확인하십시오.',
  },
};
