/** An applied script edited or deleted since it ran: a leaf type, so the public API's declarations never reach the driver. */
export interface TamperedScript {
  readonly revision: string;
  readonly kind: 'edited' | 'deleted';
  readonly path: string | null;
  readonly appliedAt: string;
}
