import type { Catalog } from '../catalog-types';

/** Spanish. */
export const ES: Catalog = {
  absence: {
    subject: '{studentName} tuvo una falta el {date, date, day}',
    body:
      '{studentName} faltó a {periodCount, plural, one {# período} other {# períodos}} ({periods}) el {date, date, day} en {schoolName}{excused, select, true { (falta justificada)} other {}}. ' +
      'Si no lo esperaba, comuníquese con la oficina de la escuela.',
    sms: '{schoolName}: {studentName} ausente el {date, date, dm}, {periodCount, plural, one {# periodo} other {# periodos}}.',
  },
  tardy: {
    subject: '{studentName} llegó tarde el {date, date, day}',
    body: '{studentName} llegó tarde a {periodCount, plural, one {# clase} other {# clases}} ({periods}) el {date, date, day} en {schoolName}.',
    sms: '{schoolName}: {studentName} tarde el {date, date, dm}, {periodCount, plural, one {# clase} other {# clases}}.',
  },
  attendanceCorrected: {
    subject:
      '{change, select, present {Ignore el aviso anterior: {studentName} estuvo presente el {date, date, day}} ' +
      'excused {Corrección: la {category, select, tardy {llegada tarde} other {falta}} de {studentName} del {date, date, day} es justificada} ' +
      'unexcused {Corrección: la {category, select, tardy {llegada tarde} other {falta}} de {studentName} del {date, date, day} no es justificada} ' +
      'absent {Corrección: {studentName} faltó el {date, date, day}, no llegó tarde} ' +
      'other {Corrección: {studentName} llegó tarde el {date, date, day}, no faltó}}',
    body:
      '{change, select, present {Por favor ignore nuestro aviso anterior: {studentName} estuvo presente en {periods} el {date, date, day} en {schoolName}.} ' +
      'excused {Corrección: la {category, select, tardy {llegada tarde} other {falta}} de {studentName} en {periods} el {date, date, day} ahora está justificada.} ' +
      'unexcused {Corrección: la {category, select, tardy {llegada tarde} other {falta}} de {studentName} en {periods} el {date, date, day} ahora figura como no justificada. Si tiene una justificación, envíela a la oficina de la escuela.} ' +
      'absent {Corrección: {studentName} figura ahora como ausente, no como tarde, en {periods} el {date, date, day}.} ' +
      'other {Corrección: {studentName} figura ahora como tarde, no como ausente, en {periods} el {date, date, day}.}}',
    sms:
      '{schoolName}: {change, select, present {ignore el aviso, {studentName} estuvo presente el {date, date, dm}.} ' +
      'excused {{category, select, tardy {tardanza} other {falta}} de {studentName} del {date, date, dm} justificada.} ' +
      'unexcused {{category, select, tardy {tardanza} other {falta}} de {studentName} del {date, date, dm} no justificada.} ' +
      'absent {aviso corregido, {studentName} ausente el {date, date, dm}, no tarde.} other {aviso corregido, {studentName} tarde el {date, date, dm}, no ausente.}}',
  },
  attendanceSummary: {
    subject: 'Asistencia de {studentName} el {date, date, day}',
    body:
      'Asistencia de {studentName} el {date, date, day} en {schoolName}:\nAusente: {absentPeriods}\nTarde: {tardyPeriods}' +
      '{excusedCount, plural, =0 {} one {\n# de ellas está justificada.} other {\n# de ellas están justificadas.}}\nTodas las marcas están en el portal de familias.',
    sms: '{schoolName}: {studentName} el {date, date, dm}: faltas {absentCount}, tardanzas {tardyCount}.',
  },
  lowGrade: {
    subject: 'La calificación de {studentName} en {courseTitle} es {letter}',
    body: 'La calificación actual de {studentName} en {courseTitle}{gradingPeriodName, select, none {} other { en {gradingPeriodName}}} es {percent, number, ::percent .##} ({letter}). Su maestro puede sugerir cómo mejorarla.',
    sms: '{studentName}: nota en {courseTitle} ahora {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: 'A {studentName} le falta una tarea en {courseTitle}',
    body: '"{assignmentTitle}" de {courseTitle}, con entrega el {dueDate, date, day}, figura como no entregada por {studentName}.',
    sms: '{studentName}: falta "{assignmentTitle}" ({courseTitle}).',
  },
  reportCardPosted: {
    subject:
      '{corrected, select, true {Se corrigió la nota de {studentName} en {courseTitle}} other {{studentName} tiene una nueva nota en {courseTitle}}}',
    body:
      '{corrected, select, true {La nota de {studentName} en {courseTitle} en {gradingPeriodName} se corrigió a {letter}.} other {{studentName} obtuvo {letter} en {courseTitle} en {gradingPeriodName}.}} ' +
      'Consulte la libreta de calificaciones en el portal de familias.',
    sms: '{studentName}: {letter} en {courseTitle} ({gradingPeriodName}){corrected, select, true {, corregida} other {}}.',
  },
  enrollmentCompleted: {
    subject: 'Inscripción completa: {studentName} en {schoolName}',
    body: '¡Bienvenidos! La inscripción de {studentName} en el grado {gradeLevel} de {schoolName} está completa; comienza el {date, date, day}.',
    sms: 'Inscripción completa: {studentName} en {schoolName} desde el {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'Cambió el horario de clases de {studentName}',
    body:
      'El horario de {studentName} cambió: {addedCount, plural, =0 {ninguna clase agregada} one {# clase agregada} other {# clases agregadas}}, ' +
      '{droppedCount, plural, =0 {ninguna clase retirada} one {# clase retirada} other {# clases retiradas}}. Consulte el nuevo horario en el portal de familias.',
    sms: 'Nuevo horario de {studentName} (+{addedCount}/-{droppedCount}).',
  },
  disciplinaryAction: {
    subject: 'Una medida disciplinaria para {studentName}',
    body:
      'La escuela de {studentName} registró {action, select, warning {una advertencia} parentConference {una reunión con los padres} restorativeConference {una reunión restaurativa} detention {una detención} inSchoolSuspension {una suspensión dentro de la escuela} outOfSchoolSuspension {una suspensión fuera de la escuela} expulsion {una expulsión} other {una medida disciplinaria}} a partir del {date, date, day}{days, plural, =0 {} one { (# día escolar)} other { (# días escolares)}}. ' +
      'Si tiene preguntas, comuníquese con {schoolName}; los detalles están en el portal para padres.',
    sms: '{schoolName}: medida disciplinaria para {studentName} desde el {date, date, dm}. Vea el portal para padres.',
  },
  digest: {
    subject: '{count, plural, one {# aviso nuevo} other {# avisos nuevos}} de la escuela',
    body: 'Tiene {count, plural, one {# aviso nuevo} other {# avisos nuevos}}:\n{items}',
    sms: '{count, plural, one {# aviso nuevo} other {# avisos nuevos}} de la escuela. Consulte el portal de familias.',
  },
};
