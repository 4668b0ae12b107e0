//! `nianbao`: the command line for portal administrators and supervising offices. One module per subcommand; this
//! file only parses the arguments (clap) and says, in Chinese, what is wrong with them.
//!
//! Exit status: 0 when no file has an error, 1 when any has, 2 when a file cannot be read or the command is misused.

mod check;
mod convert;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Every subcommand's usage line; shown by `--help` and after every misuse.
const USAGE: &str = "nianbao check [--json] 文件 ... | nianbao convert 文件 [-o 输出.json]";

/// A subcommand's `--help`, with Chinese headings.
const SUBCOMMAND_HELP: &str =
    "{about}\n\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";

#[derive(Parser)]
#[command(
    name = "nianbao",
    about = "政府信息公开工作年度报告的检查工具",
    override_usage = USAGE,
    help_template = "{about}\n\n用法：{usage}\n\n命令：\n{subcommands}\n\n退出状态：0 没有错误；1 至少一个文件有错误；2 有文件无法读取或用法不对\n",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(short, long, action = clap::ArgAction::Help, global = true, help = "显示本说明")]
    help: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 逐个检查年度报告（nianbao 的 JSON、保存的网页或文本），列出错误、警告和提示
    #[command(
        override_usage = "nianbao check [--json] 文件 ...",
        help_template = SUBCOMMAND_HELP
    )]
    Check {
        /// 以 JSON 格式输出，便于其他程序读取
        #[arg(long)]
        json: bool,
        /// 要检查的文件
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
    },
    /// 把已发布的报告（保存的网页、复制的文本）转换为 nianbao 的报告数据文件（JSON），未能放入的内容列在标准错误输出
    #[command(
        override_usage = "nianbao convert 文件 [-o 输出.json]",
        help_template = SUBCOMMAND_HELP
    )]
    Convert {
        /// 要转换的文件
        #[arg(value_name = "文件")]
        file: PathBuf,
        /// 写入这个文件，而不是标准输出
        #[arg(short, long, value_name = "输出.json")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if error.kind() == ErrorKind::DisplayHelp => {
            print!("{}", error.render());
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!(
                "{}\n用法：{USAGE}\n（nianbao --help 显示说明）",
                misuse(&error)
            );
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check { json, files } => check::run(&files, json),
        Command::Convert { file, output } => convert::run(&file, output.as_deref()),
    }
}

/// What clap found wrong with the arguments, said in Chinese.
fn misuse(error: &clap::Error) -> String {
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join("、"),
        _ => String::new(),
    };
    match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("未知的命令“{}”。", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::UnknownArgument => format!("未知的选项“{}”。", context(ContextKind::InvalidArg)),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少参数：{}。", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "{} 的值“{}”不对，可以是：{}。",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定命令。".to_owned()
        }
        ErrorKind::ArgumentConflict => {
            format!("选项“{}”不能同时使用。", context(ContextKind::InvalidArg))
        }
        _ => "命令行参数不对。".to_owned(),
    }
}

/// Why a file could not be read, for any subcommand.
fn read_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "找不到该文件".to_owned(),
        std::io::ErrorKind::PermissionDenied => "没有读取该文件的权限".to_owned(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_owned(),
        _ => format!("无法读取该文件（{error}）"),
    }
}
