/** Permission strings of the intake, quarantine and records pages (`Me.permissions`). */
export const INTAKE_PERMISSIONS = {
  submit: 'intake:submit',
  records: 'records:read',
  withdraw: 'records:withdraw',
} as const;
