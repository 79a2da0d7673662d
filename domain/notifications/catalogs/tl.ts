import type { Catalog } from '../catalog-types';

const PERIODS = '{periodCount, plural, =1 {# period} other {# na period}}';
const CLASSES = '{periodCount, plural, =1 {# klase} other {# na klase}}';
const NOTICES = '{count, plural, =1 {# bagong abiso} other {# na bagong abiso}}';
const WHAT = '{category, select, tardy {pagkahuli} other {pagliban}}';

/** Tagalog (Filipino). */
export const TL: Catalog = {
  absence: {
    subject: 'Minarkahang liban si {studentName} noong {date, date, day}',
    body:
      `Minarkahang liban si {studentName} {excused, select, true {(may pahintulot) } other {}}sa ${PERIODS} ({periods}) noong {date, date, day} sa {schoolName}. ` +
      'Kung hindi ninyo ito inaasahan, mangyaring makipag-ugnayan sa opisina ng paaralan.',
    sms: `{schoolName}: Liban si {studentName} noong {date, date, dm}, ${PERIODS}.`,
  },
  tardy: {
    subject: 'Nahuli sa klase si {studentName} noong {date, date, day}',
    body: `Nahuli si {studentName} sa ${CLASSES} ({periods}) noong {date, date, day} sa {schoolName}.`,
    sms: `{schoolName}: Nahuli si {studentName} noong {date, date, dm}, ${CLASSES}.`,
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Pakibalewala: naroon si {studentName} noong {date, date, day}} ' +
      `excused {Pagwawasto: may pahintulot ang ${WHAT} ni {studentName} noong {date, date, day}} ` +
      `unexcused {Pagwawasto: walang pahintulot ang ${WHAT} ni {studentName} noong {date, date, day}} ` +
      'absent {Pagwawasto: liban si {studentName} noong {date, date, day}, hindi nahuli} ' +
      'other {Pagwawasto: nahuli si {studentName} noong {date, date, day}, hindi liban}}',
    body:
      '{change, select, present {Pakibalewala ang naunang abiso namin: naroon si {studentName} sa {periods} noong {date, date, day} sa {schoolName}.} ' +
      `excused {Pagwawasto: may pahintulot na ngayon ang ${WHAT} ni {studentName} sa {periods} noong {date, date, day}.} ` +
      `unexcused {Pagwawasto: nakatala na ngayong walang pahintulot ang ${WHAT} ni {studentName} sa {periods} noong {date, date, day}. Kung may sulat kayo para dito, ipadala ito sa opisina ng paaralan.} ` +
      'absent {Pagwawasto: nakatala na ngayong liban si {studentName}, hindi nahuli, sa {periods} noong {date, date, day}.} ' +
      'other {Pagwawasto: nakatala na ngayong nahuli si {studentName}, hindi liban, sa {periods} noong {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {pakibalewala, naroon si {studentName} noong {date, date, dm}.} ' +
      `excused {may pahintulot na ang ${WHAT} ni {studentName} noong {date, date, dm}.} ` +
      `unexcused {walang pahintulot ang ${WHAT} ni {studentName} noong {date, date, dm}.} ` +
      'absent {pagwawasto, liban si {studentName} noong {date, date, dm}, hindi nahuli.} other {pagwawasto, nahuli si {studentName} noong {date, date, dm}, hindi liban.}}',
  },
  attendanceSummary: {
    subject: 'Pagpasok ni {studentName} noong {date, date, day}',
    body:
      'Pagpasok ni {studentName} noong {date, date, day} sa {schoolName}:\nLiban: {absentPeriods}\nNahuli: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} other {\nMay pahintulot ang # rito.}}\nNasa parent portal ang lahat ng tala.',
    sms: '{schoolName}: {studentName} {date, date, dm}: liban {absentCount}, nahuli {tardyCount}.',
  },
  lowGrade: {
    subject: 'Ang marka ni {studentName} sa {courseTitle} ay {letter}',
    body: 'Ang kasalukuyang marka ni {studentName} sa {courseTitle}{gradingPeriodName, select, none {} other { para sa {gradingPeriodName}}} ay {percent, number, ::percent .##} ({letter}). Maaaring magmungkahi ang guro kung paano ito mapapabuti.',
    sms: '{studentName}: {courseTitle} marka ngayon {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: 'May kulang na takdang-aralin si {studentName} sa {courseTitle}',
    body: 'Ang "{assignmentTitle}" sa {courseTitle}, na dapat ipasa noong {dueDate, date, day}, ay nakatalang hindi naipasa ni {studentName}.',
    sms: '{studentName}: kulang ang "{assignmentTitle}" ({courseTitle}).',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {Naitama ang marka ni {studentName} sa {courseTitle}} other {May bagong marka si {studentName} sa {courseTitle}}}',
    body:
      '{corrected, select, true {Naitama sa {letter} ang marka ni {studentName} sa {courseTitle} para sa {gradingPeriodName}.} other {Nakakuha si {studentName} ng {letter} sa {courseTitle} para sa {gradingPeriodName}.}} ' +
      'Tingnan ang report card sa parent portal.',
    sms: '{studentName}: {letter} sa {courseTitle} ({gradingPeriodName}){corrected, select, true {, naitama} other {}}.',
  },
  enrollmentCompleted: {
    subject: 'Naka-enroll na si {studentName} sa {schoolName}',
    body: 'Maligayang pagdating! Naka-enroll na si {studentName} sa grade {gradeLevel} sa {schoolName}, simula {date, date, day}.',
    sms: 'Naka-enroll na si {studentName} sa {schoolName} mula {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'Nagbago ang iskedyul ng klase ni {studentName}',
    body:
      'Nagbago ang iskedyul ni {studentName}: {addedCount, plural, =0 {walang klaseng idinagdag} one {# klaseng idinagdag} other {# na klaseng idinagdag}}, ' +
      '{droppedCount, plural, =0 {walang klaseng inalis} one {# klaseng inalis} other {# na klaseng inalis}}. Tingnan ang bagong iskedyul sa parent portal.',
    sms: 'Nagbago ang iskedyul ni {studentName} (+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: 'Isang aksyong pandisiplina para kay {studentName}',
    body:
      'Nagtala ang paaralan ni {studentName} ng {action, select, warning {isang babala} parentConference {isang pulong kasama ang magulang} restorativeConference {isang restorative na pulong} detention {isang detention} inSchoolSuspension {isang suspensyon sa loob ng paaralan} outOfSchoolSuspension {isang suspensyon sa labas ng paaralan} expulsion {isang pagpapatalsik} other {isang aksyong pandisiplina}} simula {date, date, day}{days, plural, =0 {} one { (# araw ng pasok)} other { (# araw ng pasok)}}. ' +
      'Makipag-ugnayan sa {schoolName} kung may tanong; nasa parent portal ang mga detalye.',
    sms: '{schoolName}: aksyong pandisiplina para kay {studentName} mula {date, date, dm}. Tingnan ang parent portal.',
  },
  digest: {
    subject: `${NOTICES} mula sa paaralan`,
    body: `Mayroon kayong ${NOTICES}:\n{items}`,
    sms: `${NOTICES} mula sa paaralan. Tingnan ang parent portal.`,
  },
};
