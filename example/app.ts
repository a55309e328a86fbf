/** App file 2: lists users with their team, from the same shared models. */
import { team, user } from './common/models';
import { openDatabase } from './db';

/** Every user with the name of their team. */
export function listUsers(): Array<{ username: string; team: string | null }> {
  const db = openDatabase();
  try {
    return db
      .prepare(
        `SELECT u."${user.username.column}" AS username, t."${team.name.column}" AS team
       FROM "${user.id.table}" u LEFT JOIN "${team.id.table}" t ON t."${team.id.column}" = u."${user.teamId.column}"
       ORDER BY u."${user.id.column}"`,
      )
      .all() as Array<{ username: string; team: string | null }>;
  } finally {
    db.close();
  }
}

if (require.main === module) {
  for (const row of listUsers()) console.log(`${row.username} (${row.team ?? 'no team'})`);
}
