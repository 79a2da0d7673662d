import { NOTIFICATION_KINDS } from './domain/notifications/preferences';
import { LANGUAGES, render } from './domain/notifications/templates';
import { smsParts } from './domain/notifications/sms-segments';
const values = { studentName: 'Ana', schoolName: 'Parkside High', date: '2026-11-30', periodCount: 2, periods: 'P1, P2', courseTitle: 'Algebra I', percent: 61.375, letter: 'D-', assignmentTitle: 'Worksheet 4', dueDate: '2026-12-01', gradingPeriodName: 'Q1', gradeLevel: '09', addedCount: 1, droppedCount: 2, change: 'excused' as const, category: 'absent' as const, absentPeriods: 'P1, P2', tardyPeriods: 'P4', excusedCount: 1, count: 3, items: '- a\n- b' };
for (const l of process.argv.slice(2).length ? process.argv.slice(2) as any : LANGUAGES) {
  for (const k of [...NOTIFICATION_KINDS, 'digest' as const]) {
    const r = render(k, l, values);
    const p = smsParts(r.sms);
    console.log(`[${l}] ${k}\n  S: ${r.subject}\n  B: ${r.body.replace(/\n/g,' / ')}\n  M: ${r.sms} (${p.encoding} ${p.units} → ${p.parts})`);
  }
}
