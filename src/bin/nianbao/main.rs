//! `nianbao`: the command line for portal administrators and supervising offices. One module per subcommand; this
//! file only parses the arguments (clap) and says, in Chinese, what is wrong with them.
//!
//! Exit status of `check`: 0 when no file has an error, 1 when any has, 2 when a file cannot be read or the command is
//! misused. Of `export`: 0 when every file was exported, 2 when any was not or the command is misused.

mod check;
mod convert;
mod export;
mod review;
mod sum;

use clap::builder::PossibleValuesParser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand};
use nianbao::embed::ExportFormat;
use std::path::PathBuf;
use std::process::ExitCode;

/// Every subcommand's usage line; shown by `--help` and after every misuse.
const USAGE: &str = "nianbao check [--json] [--previous 上年文件] 文件 ...
      nianbao convert 文件 [-o 输出.json]
      nianbao review [--json | --html 输出.html | --xlsx 输出.xlsx] 文件或文件夹 ...
      nianbao sum 文件或文件夹 ... -o 汇总.json
      nianbao export --format html|pdf|docx|xlsx [-o 文件夹] 文件 ...";

/// A subcommand's `--help`, with Chinese headings.
const SUBCOMMAND_HELP: &str =
    "{about}\n\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";

#[derive(Parser)]
#[command(
    name = "nianbao",
    about = "政府信息公开工作年度报告的检查和导出工具",
    override_usage = USAGE,
    help_template = "{about}\n\n用法：{usage}\n\n命令：\n{subcommands}\n\n退出状态：check 0 没有错误，1 至少一个文件有错误；export 0 全部导出；2 有文件无法读取或未能导出，或用法不对\n",
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
        override_usage = "nianbao check [--json] [--previous 上年文件] 文件 ...",
        help_template = SUBCOMMAND_HELP
    )]
    Check {
        /// 以 JSON 格式输出，便于其他程序读取
        #[arg(long)]
        json: bool,
        /// 上年度的报告文件：同时检查跨年度的规则（上年结转、现行有效件数、变化幅度）
        #[arg(long, value_name = "上年文件")]
        previous: Option<PathBuf>,
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
    /// 汇总审核：一次审核许多单位的报告（文件或文件夹），每份报告一行：单位、年度、格式、错误/警告/提示、发布是否逾期、未填写的部分；重复的只计一次，年度或格式不同的另列
    #[command(
        override_usage = "nianbao review [--json | --html 输出.html | --xlsx 输出.xlsx] 文件或文件夹 ...",
        help_template = SUBCOMMAND_HELP
    )]
    Review {
        /// 以 JSON 格式输出，便于其他程序读取
        #[arg(long, conflicts_with_all = ["html", "xlsx"])]
        json: bool,
        /// 把审核结果写成可打印的网页
        #[arg(long, value_name = "输出.html", conflicts_with = "xlsx")]
        html: Option<PathBuf>,
        /// 把审核结果写成 Excel 表格
        #[arg(long, value_name = "输出.xlsx")]
        xlsx: Option<PathBuf>,
        /// 要审核的报告文件或文件夹（文件夹中的文件逐层读取）
        #[arg(required = true, value_name = "文件或文件夹")]
        files: Vec<PathBuf>,
    },
    /// 把各单位的报告逐格相加，生成同一格式的汇总报告（JSON），并像其他报告一样检查；可与本级报告逐格比较
    #[command(
        override_usage = "nianbao sum 文件或文件夹 ... -o 汇总.json [--unit 单位名称] [--compare 本级报告] [--html 输出.html]",
        help_template = SUBCOMMAND_HELP
    )]
    Sum {
        /// 要汇总的报告文件或文件夹
        #[arg(required = true, value_name = "文件或文件夹")]
        files: Vec<PathBuf>,
        /// 汇总报告写入这个文件
        #[arg(short, long, required = true, value_name = "汇总.json")]
        output: PathBuf,
        /// 汇总报告的发布单位（默认为“汇总（N 个单位）”）
        #[arg(long, value_name = "单位名称")]
        unit: Option<String>,
        /// 本级报告：与各单位之和逐格比较，列出不同之处
        #[arg(long, value_name = "本级报告")]
        compare: Option<PathBuf>,
        /// 把审核结果、汇总和比较写成可打印的网页
        #[arg(long, value_name = "输出.html")]
        html: Option<PathBuf>,
    },
    /// 把年度报告数据文件导出为 HTML、PDF、Word 或 Excel 文件，文件名与网页版导出的相同
    #[command(
        override_usage = "nianbao export --format html|pdf|docx|xlsx [-o 文件夹] [--fonts 文件夹] 文件 ...",
        help_template = SUBCOMMAND_HELP
    )]
    Export {
        /// 导出格式：html、pdf、docx（Word）或 xlsx（Excel）
        #[arg(long, short = 'f', value_name = "格式", value_parser = PossibleValuesParser::new(["html", "pdf", "docx", "xlsx"]), hide_possible_values = true)]
        format: String,
        /// 输出文件夹（默认为当前文件夹；不存在时创建）
        #[arg(
            long,
            short = 'o',
            value_name = "文件夹",
            default_value = ".",
            hide_default_value = true
        )]
        out: PathBuf,
        /// PDF 字体所在的文件夹（默认为 assets/fonts，由 scripts/setup.sh 生成）
        #[arg(long, value_name = "文件夹")]
        fonts: Option<PathBuf>,
        /// 要导出的报告数据文件（nianbao 导出的 JSON）
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
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
        Command::Check {
            json,
            previous,
            files,
        } => check::run(&files, previous.as_deref(), json),
        Command::Convert { file, output } => convert::run(&file, output.as_deref()),
        Command::Review {
            json,
            html,
            xlsx,
            files,
        } => {
            let output = match (json, &html, &xlsx) {
                (true, _, _) => review::Output::Json,
                (_, Some(path), _) => review::Output::Html(path),
                (_, _, Some(path)) => review::Output::Xlsx(path),
                _ => review::Output::Text,
            };
            review::run(&files, output)
        }
        Command::Sum {
            files,
            output,
            unit,
            compare,
            html,
        } => sum::run(
            &files,
            &output,
            unit.as_deref(),
            compare.as_deref(),
            html.as_deref(),
        ),
        Command::Export {
            format,
            out,
            fonts,
            files,
        } => {
            let format = ExportFormat::parse(&format).expect("clap allows only the formats' names");
            export::run(&files, format, &out, fonts.as_deref())
        }
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
