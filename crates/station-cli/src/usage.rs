//! A command line the parser refuses, said in Chinese before clap's own English: custodians
//! read Chinese, and a script's author gets clap's exact words.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Print `e` in both languages and give the exit code clap would (0 for help, 2 for misuse).
pub fn refuse(e: clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    eprintln!("错误：{}", chinese(&e));
    let _ = e.print();
    ExitCode::from(2)
}

fn chinese(e: &clap::Error) -> String {
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 {arg} 的值“{value}”无效（可能超出范围或格式不对）")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 {arg}"),
        ErrorKind::InvalidSubcommand => format!("没有这个命令：{value}"),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令".to_string()
        }
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他给出的参数同时使用"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的值个数不对")
        }
        _ => "命令行有误".to_string(),
    }
}
