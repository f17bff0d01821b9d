"""What every app uses: errors, actors, audit log and revision, Redis, edge checks, SDK path."""
