//! `evidence-station accounts …`: local accounts and their roles.

use std::process::ExitCode;

use station_core::access::{NewAccount, Role};
use station_core::Error;

use crate::commands::init::create_administrator;
use crate::context::Context;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Create the administrator of a library made before accounts existed (it refuses
    /// everything until one exists); refused once any account exists.
    Bootstrap {
        #[arg(long)]
        admin: String,
    },
    /// Add an account (its password prompted, or the next line of stdin).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        #[arg(long)]
        display_name: Option<String>,
        /// An officer's 警号.
        #[arg(long)]
        officer: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change an account's role, or disable / enable it.
    Set {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        #[arg(long)]
        disabled: bool,
    },
    /// A new password (prompted, or the next line of stdin).
    Passwd { name: String },
}

pub fn exec(ctx: &Context, command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Bootstrap { admin } => {
            let (st, _) = ctx.open(false)?;
            if st.has_accounts()? {
                return Err(Error::AlreadyHasAccounts);
            }
            create_administrator(ctx, &st, &admin)?;
        }
        Command::Add {
            name,
            role,
            display_name,
            officer,
        } => {
            let (st, _) = ctx.open(false)?;
            let password = ctx.credentials.new_password(&name)?;
            st.access().create_account(&NewAccount {
                name,
                display_name,
                role,
                officer_number: officer,
                password,
            })?;
        }
        Command::List { json } => {
            let (st, out) = ctx.open(json)?;
            out.show(&st.access().accounts()?, |all| {
                for a in all {
                    println!(
                        "{:<16} {:<16} {:<10} {}",
                        a.name,
                        a.role,
                        a.officer_number.as_deref().unwrap_or("-"),
                        if a.active { "" } else { "disabled" }
                    );
                }
            });
        }
        Command::Set {
            name,
            role,
            disabled,
        } => ctx
            .open(false)?
            .0
            .access()
            .set_account(&name, role, !disabled)?,
        Command::Passwd { name } => {
            let (st, _) = ctx.open(false)?;
            let password = ctx.credentials.new_password(&name)?;
            st.access().set_password(&name, &password)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
