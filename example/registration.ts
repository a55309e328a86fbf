/** App file 1: registers a user, using the shared models for table and column names. */
import { team, user } from './common/models';
import { openDatabase } from './db';

/** Adds a team (if new) and a user in it; returns the user's id. */
export function register(username: string, email: string, teamName: string): number {
  const db = openDatabase();
  try {
    db.prepare(`INSERT OR IGNORE INTO "${team.name.table}" ("${team.name.column}") VALUES (?)`).run(teamName);
    const teamRow = db
      .prepare(`SELECT "${team.id.column}" AS id FROM "${team.id.table}" WHERE "${team.name.column}" = ?`)
      .get(teamName) as { id: number };
    const result = db
      .prepare(
        `INSERT INTO "${user.id.table}" ("${user.username.column}", "${user.email.column}", "${user.teamId.column}") VALUES (?, ?, ?)`,
      )
      .run(username, email, teamRow.id);
    return Number(result.lastInsertRowid);
  } finally {
    db.close();
  }
}

if (require.main === module) {
  const [username = 'ada', email = 'ada@example.com', teamName = 'engines'] = process.argv.slice(2);
  console.log(`registered ${username} as user ${register(username, email, teamName)}`);
}
