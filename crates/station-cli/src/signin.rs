//! `--user NAME` and where passwords come from: a prompt that does not echo, or with
//! `--password-stdin` one line of standard input per password asked for (the signed-in user's
//! first, then e.g. a new account's), or with `--password-file` the signed-in user's from a file.

use std::io::BufRead;
use std::sync::{Mutex, OnceLock};

use station_core::{Error, Station};

struct Credentials {
    user: Option<String>,
    from_stdin: bool,
    file: Option<std::path::PathBuf>,
}

static CREDENTIALS: OnceLock<Credentials> = OnceLock::new();
static STDIN_LOCK: Mutex<()> = Mutex::new(());

pub fn set(user: Option<String>, from_stdin: bool, file: Option<std::path::PathBuf>) {
    let _ = CREDENTIALS.set(Credentials {
        user,
        from_stdin,
        file,
    });
}

/// The next password: a line of standard input, or typed at a prompt.
pub fn password(prompt: &str) -> Result<String, Error> {
    let from_stdin = CREDENTIALS.get().is_some_and(|c| c.from_stdin);
    if from_stdin {
        let _guard = STDIN_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::io("read", "standard input", e))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    } else {
        rpassword::prompt_password(prompt).map_err(|e| Error::io("read", "the terminal", e))
    }
}

/// `--user` and that user's password, if `--user` was given.
pub fn credentials() -> Result<Option<(String, String)>, Error> {
    let Some(user) = CREDENTIALS.get().and_then(|c| c.user.clone()) else {
        return Ok(None);
    };
    let pw = match CREDENTIALS.get().and_then(|c| c.file.as_deref()) {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| Error::io("read", file, e))?
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        None => password(&format!("{user} 的密码 / password: "))?,
    };
    Ok(Some((user, pw)))
}

/// Sign in as `--user`, if given.
pub fn sign_in(st: &mut Station) -> Result<(), Error> {
    match credentials()? {
        Some((user, pw)) => st.sign_in(&user, &pw).map(|_| ()),
        None => Ok(()),
    }
}
