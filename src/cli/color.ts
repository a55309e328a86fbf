/** Colour for the CLI: chalk on a terminal, plain text otherwise (chalk is not even loaded then). */
import type { Chalk } from 'chalk';

/** The few styles the CLI uses. */
export type Colors = Pick<Chalk, 'red' | 'yellow' | 'green' | 'bold'>;

const identity = ((text: string) => text) as Colors['red'];
const plain: Colors = { red: identity, yellow: identity, green: identity, bold: identity };

/** Colours when `enabled`, else identity functions. */
export function makeColors(enabled: boolean): Colors {
  if (!enabled) return plain;
  const chalk = require('chalk') as typeof import('chalk');
  return new chalk.Instance({ level: 1 });
}
