import type { Catalog } from '../catalog-types';

/** Vietnamese. */
export const VI: Catalog = {
  absence: {
    subject: '{studentName} bị ghi vắng mặt ngày {date, date, day}',
    body:
      '{studentName} bị ghi vắng mặt {excused, select, true {(có phép) } other {}}{periodCount} tiết ({periods}) ngày {date, date, day} tại {schoolName}. ' +
      'Nếu quý vị thấy không đúng, xin liên lạc văn phòng nhà trường.',
    sms: '{schoolName}: {studentName} vắng {periodCount} tiết ngày {date, date, dm}.',
  },
  tardy: {
    subject: '{studentName} đi trễ ngày {date, date, day}',
    body: '{studentName} đến trễ {periodCount} tiết học ({periods}) ngày {date, date, day} tại {schoolName}.',
    sms: '{schoolName}: {studentName} trễ {periodCount} tiết ngày {date, date, dm}.',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Xin bỏ qua thông báo trước: {studentName} có mặt ngày {date, date, day}} ' +
      'excused {Đính chính: {category, select, tardy {việc đi trễ} other {việc vắng mặt}} của {studentName} ngày {date, date, day} là có phép} ' +
      'unexcused {Đính chính: {category, select, tardy {việc đi trễ} other {việc vắng mặt}} của {studentName} ngày {date, date, day} là không phép} ' +
      'absent {Đính chính: {studentName} vắng mặt ngày {date, date, day}, không phải đi trễ} ' +
      'other {Đính chính: {studentName} đi trễ ngày {date, date, day}, không phải vắng mặt}}',
    body:
      '{change, select, present {Xin bỏ qua thông báo trước của chúng tôi: {studentName} có mặt trong tiết {periods} ngày {date, date, day} tại {schoolName}.} ' +
      'excused {Đính chính: {category, select, tardy {việc đi trễ} other {việc vắng mặt}} của {studentName} trong tiết {periods} ngày {date, date, day} nay được ghi là có phép.} ' +
      'unexcused {Đính chính: {category, select, tardy {việc đi trễ} other {việc vắng mặt}} của {studentName} trong tiết {periods} ngày {date, date, day} nay được ghi là không phép. Nếu có giấy xin phép, xin gửi văn phòng nhà trường.} ' +
      'absent {Đính chính: {studentName} nay được ghi là vắng mặt, không phải đi trễ, trong tiết {periods} ngày {date, date, day}.} ' +
      'other {Đính chính: {studentName} nay được ghi là đi trễ, không phải vắng mặt, trong tiết {periods} ngày {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {xin bỏ qua, {studentName} có mặt ngày {date, date, dm}.} ' +
      'excused {{studentName} ngày {date, date, dm} nay có phép.} unexcused {{studentName} ngày {date, date, dm} nay không phép.} ' +
      'absent {đính chính, {studentName} vắng ngày {date, date, dm}, không trễ.} other {đính chính, {studentName} trễ ngày {date, date, dm}, không vắng.}}',
  },
  attendanceSummary: {
    subject: 'Chuyên cần của {studentName} ngày {date, date, day}',
    body:
      'Chuyên cần của {studentName} ngày {date, date, day} tại {schoolName}:\nVắng: {absentPeriods}\nTrễ: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nTrong đó có # trường hợp có phép.}}\nMọi ghi nhận có trên cổng thông tin phụ huynh.',
    sms: '{schoolName}: {studentName} ngày {date, date, dm}: vắng {absentCount} tiết, trễ {tardyCount} tiết.',
  },
  lowGrade: {
    subject: 'Điểm môn {courseTitle} của {studentName} là {letter}',
    body: 'Điểm hiện tại môn {courseTitle}{gradingPeriodName, select, none {} other { ({gradingPeriodName})}} của {studentName} là {percent, number, ::percent .##} ({letter}). Giáo viên có thể đề nghị cách cải thiện.',
    sms: '{studentName}: điểm {courseTitle} hiện là {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: '{studentName} thiếu một bài tập môn {courseTitle}',
    body: 'Bài "{assignmentTitle}" môn {courseTitle}, hạn nộp {dueDate, date, day}, được ghi là {studentName} chưa nộp.',
    sms: '{studentName}: chưa nộp "{assignmentTitle}" ({courseTitle}).',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {Điểm của {studentName} môn {courseTitle} đã được sửa} other {{studentName} có điểm mới môn {courseTitle}}}',
    body:
      '{corrected, select, true {Điểm của {studentName} môn {courseTitle} kỳ {gradingPeriodName} đã được sửa thành {letter}.} other {{studentName} được {letter} môn {courseTitle} kỳ {gradingPeriodName}.}} ' +
      'Xin xem phiếu điểm trên cổng thông tin phụ huynh.',
    sms: '{studentName}: {letter} môn {courseTitle} ({gradingPeriodName}){corrected, select, true {, đã sửa} other {}}.',
  },
  enrollmentCompleted: {
    subject: '{studentName} đã ghi danh tại {schoolName}',
    body: 'Chào mừng! {studentName} đã ghi danh vào lớp {gradeLevel} tại {schoolName}, bắt đầu từ {date, date, day}.',
    sms: '{studentName} đã ghi danh tại {schoolName} từ {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'Thời khóa biểu của {studentName} đã thay đổi',
    body: 'Thời khóa biểu của {studentName} đã thay đổi: thêm {addedCount} lớp, bỏ {droppedCount} lớp. Xin xem thời khóa biểu mới trên cổng thông tin phụ huynh.',
    sms: 'Thời khóa biểu của {studentName} đã đổi (+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: 'Biện pháp kỷ luật đối với {studentName}',
    body:
      'Trường của {studentName} đã ghi nhận {action, select, warning {một lời cảnh cáo} parentConference {một buổi họp phụ huynh} restorativeConference {một buổi họp hàn gắn} detention {một lần phạt ở lại trường} inSchoolSuspension {một lần đình chỉ trong trường} outOfSchoolSuspension {một lần đình chỉ học ngoài trường} expulsion {một lần đuổi học} other {một biện pháp kỷ luật}} bắt đầu từ {date, date, day}{days, plural, =0 {} other { (# ngày học)}}. ' +
      'Nếu có thắc mắc, xin liên lạc {schoolName}; chi tiết có trong cổng thông tin phụ huynh.',
    sms: '{schoolName}: biện pháp kỷ luật cho {studentName} từ {date, date, dm}.',
  },
  digest: {
    subject: '{count} thông báo mới từ nhà trường',
    body: 'Quý vị có {count} thông báo mới:\n{items}',
    sms: '{count} thông báo mới từ nhà trường. Xin xem cổng thông tin phụ huynh.',
  },
};
