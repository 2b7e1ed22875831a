//! `evidence-station init`: the library and its administrator.

use std::process::ExitCode;
use std::sync::Arc;

use station_core::access::{NewAccount, Role};
use station_core::library::Library;
use station_core::{Error, Station, SystemClock};

use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    branch: Option<String>,
    /// The administrator account (its password prompted, or from --password-stdin).
    #[arg(long)]
    admin: Option<String>,
}

pub fn exec(ctx: &Context, args: Args) -> Result<ExitCode, Error> {
    let out = ctx.output(false);
    let root = &ctx.root;
    let founded =
        Library::exists(root) && Station::open(root, Arc::new(SystemClock))?.has_accounts()?;
    if !founded && args.admin.is_none() {
        return Err(Error::AdministratorNeeded);
    }
    let st = Station::init(root, args.branch.as_deref(), Arc::new(SystemClock))?;
    if let (false, Some(name)) = (founded, args.admin) {
        create_administrator(ctx, &st, &name)?;
    }
    out.say(
        format!("证据库已就绪： {}", st.root().display()),
        format!("library ready: {}", st.root().display()),
    );
    Ok(ExitCode::SUCCESS)
}

/// The library's first account, the administrator; its password asked for or read from stdin.
pub fn create_administrator(ctx: &Context, st: &Station, name: &str) -> Result<(), Error> {
    let password = ctx.credentials.new_password(name)?;
    st.access()
        .create_account(&NewAccount::new(name, Role::Admin, &password))?;
    Ok(())
}
