/** What every command action needs from the CLI: its context with printed events, and paths as the user typed them. */
import { displayPath } from '../display-path';
import type { CliRuntime } from './runtime';
import { formatStep } from './format';
import type { CommandContext, CommandEvent } from '../commands/context';

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The command context, with each event printed as it happens. */
export function withEvents(rt: CliRuntime): CommandContext {
  const onEvent = (event: CommandEvent) => {
    switch (event.type) {
      case 'step':
        rt.info(`${rt.progress() ? `[${event.index + 1}/${event.total}] ` : ''}${formatStep(event.step)}`);
        break;
      case 'stamp':
        rt.info(`Running stamp_revision ${event.before.join(', ')} -> ${event.after.join(', ')}`);
        break;
      case 'info':
        rt.info(event.message);
        break;
      case 'warning':
        rt.warn(event.message);
        break;
    }
  };
  return { ...rt.context(), onEvent };
}

/** `file` relative to the working folder, when it is inside it. */
export function relative(rt: CliRuntime, file: string): string {
  return displayPath(file, rt.io.cwd);
}
