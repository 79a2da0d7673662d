/** The OneRoster 1.2 REST bases (no schemas here: the manifest imports them, and every function imports the manifest). */
export const ROSTERING_BASE = '/ims/oneroster/rostering/v1p2';
export const GRADEBOOK_BASE = '/ims/oneroster/gradebook/v1p2';
