//! `--user NAME` and where passwords come from: a prompt that does not echo, or with
//! `--password-stdin` one line of standard input per password asked for (the signed-in user's
//! first, then e.g. a new account's), or with `--password-file` the signed-in user's from a file.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Mutex;

use station_core::{Error, Station};

/// Who the command line signs in as, and how passwords are read. Handed to each command in
/// its [`crate::context::Context`]; nothing of it is global.
pub struct Credentials {
    pub user: Option<String>,
    pub from_stdin: bool,
    pub file: Option<PathBuf>,
    /// Threads asking for passwords read standard input one line at a time.
    stdin: Mutex<()>,
}

/// One line of standard input, its line end removed (a password, the district's secret).
pub fn stdin_line() -> Result<String, Error> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("read", "standard input", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

impl Credentials {
    pub fn new(user: Option<String>, from_stdin: bool, file: Option<PathBuf>) -> Credentials {
        Credentials {
            user,
            from_stdin,
            file,
            stdin: Mutex::new(()),
        }
    }

    /// The next password: a line of standard input, or typed at a prompt.
    pub fn password(&self, prompt: &str) -> Result<String, Error> {
        if self.from_stdin {
            let _guard = self.stdin.lock().unwrap_or_else(|p| p.into_inner());
            stdin_line()
        } else {
            rpassword::prompt_password(prompt).map_err(|e| Error::io("read", "the terminal", e))
        }
    }

    /// A new password for `name`, asked for or read.
    pub fn new_password(&self, name: &str) -> Result<String, Error> {
        self.password(&format!("{name} 的新密码 / new password: "))
    }

    /// `--user` and that user's password, if `--user` was given.
    pub fn user_and_password(&self) -> Result<Option<(String, String)>, Error> {
        let Some(user) = self.user.clone() else {
            return Ok(None);
        };
        let pw = match self.file.as_deref() {
            Some(file) => std::fs::read_to_string(file)
                .map_err(|e| Error::io("read", file, e))?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            None => self.password(&format!("{user} 的密码 / password: "))?,
        };
        Ok(Some((user, pw)))
    }

    /// Sign in as `--user`, if given.
    pub fn sign_in(&self, st: &mut Station) -> Result<(), Error> {
        match self.user_and_password()? {
            Some((user, pw)) => st.sign_in(&user, &pw).map(|_| ()),
            None => Ok(()),
        }
    }
}
