//! Consistency of who and when: the report's title as the text restates it names the header's unit and the report's
#![cfg(not(target_arch = "wasm32"))]
//! year. Preambles of published reports.

use nianbao::check::{check, Diagnostic, Findings};
use nianbao::model::{Report, Severity, Template};
use nianbao::templates;

fn same_unit<'a>(t: &Template, findings: &'a Findings) -> Vec<&'a Diagnostic> {
    findings
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_some_and(|n| t.rules[n].kind() == "same_unit"))
        .collect()
}

fn report(t: &Template, unit: &str, year: &str, overview: &str) -> Report {
    let mut report = Report::new(t);
    report.set_field(t.field_index("unit").unwrap(), unit);
    report.set_field(t.field_index("year").unwrap(), year);
    report.set_section(t.section_index("overview").unwrap(), overview);
    report
}

/// 湛江市人民政府地方志办公室 2023: 特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告.
const ZHANJIANG: &str = "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。\
    本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。";

#[test]
fn the_restated_title_names_the_headers_unit() {
    let t = templates::national();
    let ok = report(t, "湛江市人民政府地方志办公室", "2023", ZHANJIANG);
    assert!(same_unit(t, &check(t, &ok)).is_empty());
    // Copied from another unit's report.
    let other = report(t, "湛江市档案馆", "2023", ZHANJIANG);
    let findings = check(t, &other);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.starts_with(
            "“一、总体情况”中写到“湛江市人民政府地方志办公室2023年政府信息公开工作年度报告”，而发布单位是“湛江市档案馆”"
        ),
        "{}",
        found[0].message
    );
}

#[test]
fn the_restated_title_names_the_reports_year() {
    let t = templates::national();
    // 杨凌示范区审计局 2022's preamble, as if left from the year before.
    let copied = report(
        t,
        "杨凌示范区审计局",
        "2022",
        "根据《中华人民共和国政府信息公开条例》规定，现公布我局2021年政府信息公开工作年度报告。",
    );
    let findings = check(t, &copied);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        (found[0].actual, found[0].expected),
        (Some(2021), Some(2022))
    );
}

/// Wordings that name no unit or another document: 我局, 关于2022年度…的报告 (长春市二道区), a notice's title (定西市
/// 公共资源交易中心 2020, with spaces around the year), 南平市's 做好2012年政府信息公开工作年度报告有关事项的通知.
#[test]
fn titles_of_notices_and_we_are_not_compared() {
    let t = templates::national();
    for (unit, year, text) in [
        ("杨凌示范区审计局", "2022", "现公布我局2022年政府信息公开工作年度报告。"),
        ("长春市二道区房屋征收工作管理办公室", "2022", "关于2022年度政府信息公开情况的报告"),
        (
            "定西市公共资源交易中心",
            "2020",
            "按照定西市政务公开领导小组办公室《关于做好 2020 年政府信息公开工作年度报告编制发布工作的通知》要求，我中心高度重视。",
        ),
        (
            "南平市人民政府",
            "2012",
            "本报告根据《福建省人民政府办公厅关于做好2012年政府信息公开工作年度报告有关事项的通知》要求编制。",
        ),
    ] {
        let findings = check(t, &report(t, unit, year, text));
        assert!(same_unit(t, &findings).is_empty(), "{text}: {:#?}", same_unit(t, &findings));
    }
}

#[test]
fn last_years_report_cited_in_five_is_not_a_wrong_year() {
    let t = templates::national();
    let mut cited = report(t, "杨凌示范区审计局", "2022", "");
    cited.set_section(
        t.section_index("problems").unwrap(),
        "2021年政府信息公开工作年度报告所列问题已全部整改。下一步将加强培训。",
    );
    assert!(same_unit(t, &check(t, &cited)).is_empty());
}

/// The signature typed at the end of 六 (a unit's name above the date, the way published reports pasted from a
/// document end; the unit is 长春市二道区房屋征收工作管理办公室 of the blank-cell fixtures): it must be the header's unit. A sentence with a date in it, or a date alone, is no signature.
#[test]
fn the_signature_at_the_end_names_the_headers_unit() {
    let t = templates::national();
    let other = t.section_index("other").unwrap();
    let ending = "本年度未收取信息处理费。\n\n长春市二道区房屋征收工作管理办公室\n2023年1月16日";
    let mut ok = report(t, "长春市二道区房屋征收工作管理办公室", "2022", "");
    ok.set_section(other, ending);
    assert!(same_unit(t, &check(t, &ok)).is_empty());
    let mut copied = report(t, "长春市二道区住房保障和房屋管理局", "2022", "");
    copied.set_section(other, ending);
    let findings = check(t, &copied);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0]
            .message
            .contains("末尾署名“长春市二道区房屋征收工作管理办公室”"),
        "{}",
        found[0].message
    );
    for text in [
        "本年度未收取信息处理费。\n2023年1月16日",
        "本年度未收取信息处理费，截至2023年1月16日，无其他事项。",
        "我办将继续做好政府信息公开工作，不断提高公开质量。\n2023年1月16日",
    ] {
        let mut r = report(t, "长春市二道区住房保障和房屋管理局", "2022", "");
        r.set_section(other, text);
        assert!(same_unit(t, &check(t, &r)).is_empty(), "{text}");
    }
}

/// Published reports' own wording (the `pages` corpus; the first paragraphs of the preamble and 一、总体情况, quoted
/// as published, traditional characters of mirrored pages read in simplified), each under its own unit: the unit's
/// name, its abbreviations (市体育局, 县教体局, 区政府国资局, 我局) and the other bodies they name (省体育局, 市委,
/// 《广州市体育局 广州市教育局关于…》, 四川省体育局官方网站, 紫阳县人民政府网站) give no finding.
const PUBLISHED: [(&str, &str, &str); 41] = [
    // tyj.gz.gov.cn (mirrored), 2023.
    ("广州市体育局", "2023", "2023年，市体育局积极落实政府信息公开的工作要求，全年在局官方网站发布信息662条，制作政策文件解读3篇，官方微博发布信息56条，官方微信发布信息619条，重点发布了《广州市体育局 广州市教育局关于印发<广州市体育类校外培训机构设置标准（试行）>的通知》《广州市体育局 广州市教育局关于印发深化体教融合 促进青少年健康发展实施方案的通知》等政策文件。行使的行政许可事项为1项，已进驻广东省政务服务事项管理系统（广东政务服务网），全年申请量0件。\n2023年，市体育局共受理信息公开申请3件，全部通过网络渠道申请。\n市体育局对局官方网站、政府信息公开平台数据进行自查及修复，全力配合做好广州市政策文件库数据同源工作。梳理编制本部门公共数据开放目录，公共体育场馆、体育赛事活动、高危体育项目、体育彩票等数据信息统一在广州市公共数据开放平台进行公开。"),
    // tyj.sc.gov.cn, 2023.
    ("四川省体育局", "2023", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制本报告。\n一、总体情况\n2023年，省体育局按照《条例》规定要求，进一步完善政务公开工作制度，强化政务信息管理服务。\n（一）主动公开情况。2023年，局认真落实各项公开制度，不断丰富公开内容，在局官网及时发布通知公告、政策文件、新闻信息等，全年共发布信息3366条。进一步加强政务新媒体宣传，四川体育微信公众号发布文章1265篇。"),
    // m.longzhounews.com/baoji (mirror of 宝鸡市人民政府门户网站), 2022.
    ("宝鸡市体育局", "2022", "根据《中华人民共和国政府信息公开条例》和《宝鸡市政府信息公开规定》要求，现将宝鸡市体育局2022年政府信息公开工作年度报告予以公布。\n2022年，宝鸡市体育局认真落实党中央、国务院关于政务公开工作的决策部署和省市政府具体要求，按照《政府信息公开条例》相关规定，不断完善工作机制。\n（一）主动公开：同时，在市政府、市体育局网站政务信息公开栏目公开了局机关职能概况、办公地址、联系方式、负责人姓名等基本信息。\n（四）政府信息公开平台建设：落实人员认真做好市政府网站中体育事业信息更新工作，精心运维宝鸡市体育局网站，及时更新工作动态。"),
    // dlrk.jining.gov.cn, 2025.
    ("济宁市体育局", "2025", "本报告由济宁市体育局按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。本报告电子版可在“中国・济宁”政府门户网站查阅或下载。如对本报告有疑问，请与济宁市体育局联系（地址：济宁市太白湖新区省运会指挥中心A—0781室，联系电话：0537—2967700）。\n一、总体情况\n2025年，在市委、市政府的坚强领导下，市体育局坚持以习近平新时代中国特色社会主义思想为指导，按照市委、市政府关于政府信息公开工作的相关要求，充分发挥市政府门户网站政府信息公开专栏、部门网站、微信公众号等媒体作用。\n2025年，市体育局聚焦党建工作、赛事活动、体育惠民、产业发展、竞技体育等重点领域，通过多渠道主动发布各类政府信息。"),
    // tyj.liuzhou.gov.cn, 2023.
    ("柳州市体育局", "2023", "2023年，柳州市体育局认真落实《中华人民共和国政府信息公开条例》规定，通过柳州体育局官网和微信公众号及时发布体育相关政策文件、部门预决算、体育赛事动态等各类信息。全年主动公开各类文件188件。\n柳州市体育局高度重视政务舆情回应工作，积极做好相关舆情的应对处置和舆论引导工作。共办理局长信箱信件24件，已处理24件。"),
    // 乐山市体育局 2021 (mirrored).
    ("乐山市体育局", "2021", "2021年，在市委、市政府坚强领导下，在省体育局的关心支持下，市体育局坚持以习近平新时代中国特色社会主义思想为指导，认真落实《中华人民共和国政府信息公开条例》《乐山市人民政府办公室关于印发乐山市2021年政务公开工作要点的通知》等相关要求。\n全年通过市委市政府门户网站、四川省体育局官方网站、乐山体育微信公众号、乐山头条微信公众号及相关新媒体，主动发布乐山体育动态及体育公开公示信息400余条。严格按照《中华人民共和国政府信息公开工作年度报告格式》做好乐山市体育局信息公开工作年度报告编制。"),
    // tyj.cngy.gov.cn, 2024.
    ("广元市体育局", "2024", "广元市体育局2024年政府信息公开工作年度报告，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》的规定编制。本年报电子版通过广元市体育局网站全文公开。如有疑问请与广元市体育局办公室联系（地址：广元市利州区澳源体育中心综合楼四楼，邮编：628000）。\n一、总体情况\n2024年，在市委、市政府的坚强领导下，我局紧紧围绕增强工作透明度，加强民主监督。\n（一）主动公开信息情况。2024年，市体育局网站主动发布政务动态、政策解读、人事等各类信息538条。"),
    // hunnan.gov.cn, 2022 (the page names the unit 浑南区国资局).
    ("浑南区国资局", "2022", "根据《中华人民共和国政府信息公开条例》及《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）相关要求，现公布区政府国资局2022年政府信息公开工作年度报告。\n一、总体情况\n（一）主动公开\n2022年度区政府国资局通过区政府门户网站政务公开专栏主动公开政府信息4条。\n（二）依申请公开\n2022年，区政府国资局未收到政府信息公开申请。\n（四）政府公开平台建设\n我局结合工作实际，不断提升信息公开标准化、规范化水平。"),
    // yangling.gov.cn, 2022.
    ("杨凌示范区审计局", "2022", "根据《中华人民共和国政府信息公开条例》规定，现公布我局2022年政府信息公开工作年度报告。\n（一）主动公开政府信息情况\n2022年，我局通过示范区管委会网站审计信息栏目公开信息20条。\n（三）政府信息管理情况\n我局高度重视政府信息公开工作，要求全体审计干部充分认识政府信息公开工作的重要性。\n（四）政府信息公开平台建设情况。\n本单位无部门网站。在管委会网站政府信息公开栏目设置有审计信息专栏。"),
    // pingcheng.gov.cn, 2022.
    ("平城区促进外来投资局", "2022", "本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制而成。如对本报告有疑问，请联系平城区促进外来投资局办公室，地址：平城区迎宾街426号，电话：0352-5209182。\n一、总体情况\n实施政府信息公开是贯彻落实《条例》的重要举措。2022年，平城区促进外来投资局根据职责分工，细化工作方案，认真做好全区招商引资领域政府信息公开工作。\n（二）依申请公开情况\n2022年，我局未收到政府信息公开案件。\n（三）政府信息管理与平台建设情况\n我局公示信息均在区政府网站公示。"),
    // shanghai.gov.cn, 2022.
    ("上海市人民政府", "2022", "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《上海市政府信息公开规定》（以下简称《规定》）的要求编制。本年度报告电子版可从上海市人民政府网站（www.shanghai.gov.cn）下载。\n一、总体情况\n2022年，上海市坚持以习近平新时代中国特色社会主义思想为指导，坚决贯彻落实党中央、国务院和市委、市政府决策部署。\n2022年，在上海市人民政府网站、《上海市人民政府公报》主动公开市政府规章13件（含新制定5件，修改4件，废止4件），主动公开市政府和市政府办公厅行政规范性文件42件。全年上海市人民政府网站共发布各类信息46106条。"),
    // xixianxinqu.gov.cn, 2025.
    ("建章路街道办事处", "2025", "本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。\n一、总体情况\n2025年度，建章路街道全面贯彻落实《中华人民共和国政府信息公开条例》和省、市、新区政府信息公开工作要求，紧密围绕街道中心工作。\n2.依申请公开。2025年度，建章路街道办事处未接收到政府信息公开申请。\n4.平台建设。维护上级政府门户网站对应专栏，确保线上信息及时更新、数据准确。"),
    // gsgz.gov.cn, 2025 (发布机构 北街办事处).
    ("北街街道办事处", "2025", "一、总体情况\n2025年，北街街道认真贯彻落实《中华人民共和国政府信息公开条例》要求，坚持以公开促服务、以公开促规范、以公开促发展的工作思路。\n（一）主动公开情况\n我街道坚持以公开促规范、优服务。2025年度，通过政府门户网站累计发布工作动态信息165条，其中重点聚焦甘州乡镇街道动态102条。\n（四）政府信息公开平台建设情况\n线下服务网络不断完善，在街道便民服务中心设立标准化政务公开专区。"),
    // bjtzh.gov.cn, 2025.
    ("中仓街道办事处", "2025", "一、总体情况\n2025年中仓街道积极推动街道政府信息公开工作工作。街道政府信息公开工作由综合办公室牵头负责，主管领导为街道办事处工委委员、办事处副主任。\n2025年度中仓街道政府信息公开工作主要涉及：综合办公室按要求主动公示了驻地迁移信息；综合办公室（财务科）按要求主动公示了中仓街道办事处2024年度部门决算和2025年度预算情况说明。"),
    // 济南市章丘区文化和旅游局 2023 (mirrored PDF).
    ("济南市章丘区文化和旅游局", "2023", "本报告根据《中华人民共和国政府信息公开条例》、《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国办公开办函〔2021〕30号）及省市有关工作要求，编制本报告并向社会公开。如对本报告有任何疑问，请与济南市章丘区文化和旅游局联系（地址：济南市章丘区开先大道287号龙泉大厦3楼）。\n一、总体情况\n2023年，章丘区文化和旅游局在区委、区政府的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》。"),
    // daying.gov.cn, 2024.
    ("大英县教育和体育局", "2024", "根据《中华人民共和国政府信息公开条例》规定进行编制，本报告贯彻落实省、市、县2024年政务公开工作要点的情况及成效。\n（一）主动公开政府信息情况。县教育体育局新增主动公开政府信息72条。\n（二）依申请公开情况。2024年，我局未收到过信息公开申请。\n（四）平台建设情况。2024年，在县政府的指导下，利用政府信息公开网站主动公开工作动态。全县教体系统按实际情况借助电子屏、校区宣传栏等向公众公开教育动态和惠民政策。"),
    // zyx.gov.cn, 2024.
    ("紫阳县教育体育局", "2024", "一、总体情况\n2024年，县教体局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》规定。\n1.主动公开情况。本年度我局认真对照政府信息公开工作任务及要求，主动公开信息39条，向省教育厅、市教体局、县政府门户网站报送并被采用信息64条。\n3.政府信息管理情况。政务公开信息由各股室对内容和保密性进行把关审查，经分管领导审核后在紫阳县人民政府网站、“紫阳教育”微信公众号发布。\n4.政府信息公开平台建设情况。本年度我局除了利用紫阳县人民政府网站和紫阳县数字政务平台公布信息外，还利用微信公众号进行信息发布。"),
    // schy.gov.cn, 2023.
    ("洪雅县教育和体育局", "2023", "2023年，在县委、县政府的坚强领导下，县教体局根据《中华人民共和国政府信息公开条例》（以下简称《条例》）有关规定，编制本报告。\n（一）主动公开政府信息。我局加大主动公开力度，拓宽公开途径。按时公开2022年度洪雅县教体系统部门决算与2023年度部门预算。2023年，洪雅教育发布微信公众号累计推送教育新闻和各类信息910余篇。我局主动公开政府信息145条。"),
    // minhou.gov.cn, 2024.
    ("闽侯县财政局", "2024", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）、《关于做好2024年政府信息公开工作年度报告编制发布有关事项的通知》要求，闽侯县财政局编制了本报告。本报告在“福建· 闽侯”县政府网站公布，对本报告如有疑问，可与闽侯县财政局办公室联系（地址：闽侯县甘蔗街道滨江商务中心A栋508室，电话：22982260）。\n一、总体情况\n（一）主动公开情况\n县财政局严格落实上级政务公开要求，全方位提升工作站位，强化组织保障。2024年我局主动公开政府信息5条。"),
    // julu.gov.cn, 2024.
    ("巨鹿县教育局", "2024", "根据《中华人民共和国政府信息公开条例》《河北省实施〈中华人民共和国政府信息公开条例〉办法》等规定，发布本年度报告。电子版报告可在巨鹿县政府门户网站政务公开-政府信息年度报告栏目中下载。\n一、总体情况\n2024年，教育局在县委、县政府的正确领导和市教育局指导下，认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开进一步加强。2024年，我局按照《中华人民共和国政府信息公开条例》规定的主动公开信息范围，按要求发布或更新信息。2024年，教育局在县政府信息公开平台主动公开新闻信息45条。另外，我局没有门户网站。"),
    // pingli.gov.cn, 2024.
    ("平利县人民政府", "2024", "一、总体情况\n2024年，我县认真贯彻落实《条例》和中、省、市有关工作部署，围绕县委、县政府中心工作，全力助推法治政府、效能政府、廉洁政府建设。\n（一）主动公开方面\n2024年，充分利用政务公开第一平台，在县政府网站累计公开各类政府信息共计2698条。\n（三）政府信息管理方面\n开展行政规范性文件专项清理工作，对以县政府和县政府办公室名义发布的规范性文件进行全面梳理，继续有效20件。"),
    // fuxian.gov.cn, 2024.
    ("富县人民政府", "2024", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》有关要求，现将富县人民政府2024年政府信息公开工作年度报告予以公开。\n一、总体情况\n2024年，我县坚持以“法定公开事项必须公开到位，其他事项审慎公开”的原则。\n（五）监督保障机制\n一是3月由县委督查室带队，对全县各乡镇、各部门单位基层政务公开、政务新媒体运维进行督查检查。二是4月，县政府办公室牵头召开了全县政务公开工作会。"),
    // chuanshan.gov.cn, 2023 (the report of the district government's office).
    ("遂宁市船山区人民政府办公室", "2023", "本报告系根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》的要求编制。\n（一）主动公开\n以政府网站为信息公开平台，围绕中心工作，聚焦民生需求。2023年，区政府办公室主动公开政府信息125条。\n（二）依申请公开\n2023年，区政府办公室共受理36件政府信息公开申请（均为自然人提交），同比上升16.13%。"),
    // 61.150.65.235 (a 区统计局), 2023: the page names no district, so the header is a stand-in.
    ("某某区统计局", "2023", "根据《中华人民共和国政府信息公开条例》规定，现公布区统计局2023年政府信息公开工作年度报告。\n（一）主动公开情况\n2023年，我局认真梳理，主动在门户网站公开政府信息50条。\n（二）信息管理情况\n我局高度重视政府信息公开工作，完善工作机制。局办公室负责政府信息公开工作的组织、协调、指导、督查。"),
    // np.gov.cn, 2012 (the old format's preamble: the report written by the government's office).
    ("南平市人民政府", "2012", "本报告由南平市人民政府信息公开工作领导小组办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）以及《福建省人民政府办公厅关于做好2012年政府信息公开工作年度报告有关事项的通知》（闽政办函〔2012〕157号）要求，汇总南平市各县（市、区）、市政府各有关部门政府信息公开工作情况编制而成。若对本报告有疑问或意见建议，可通过“中国南平”网站的政府信息公开意见箱反映或直接与南平市政府信息公开工作领导小组办公室联系。\n2012年的南平市政府信息公开工作，根据国务院、省政府的统一部署，在中共南平市委、南平市人民政府的正确领导下，市各级各部门紧紧围绕中心工作。"),
    // 宿州市人民政府 2016 (mirrored).
    ("宿州市人民政府", "2016", "本报告是根据《中华人民共和国政府信息公开条例》精神，综合各县、区人民政府和市政府各部门、各直属机构的政府信息公开工作报告和有关统计数据而成。本年度报告的电子版可在宿州市人民政府信息公开网站下载。如对本年度报告有任何疑问，请与宿州市政务公开办公室联系。\n2016年，我市政府信息公开工作在省政务公开办的关心指导下，深入实施《中华人民共和国政府信息公开条例》和《安徽省政府信息公开办法》。\n为进一步强化工作推动，2016年6月，政务公开工作由市政务服务中心移交至市政府办公室，成立政务公开办公室。各县、区人民政府也参照市政府做法，完成了相应职责调整。"),
    // fzja.gov.cn, 2016.
    ("福州市晋安区人民政府", "2016", "本报告根据《中华人民共和国政府信息公开条例》（以下简称“条例”）及市政府办公厅《关于做好2016年政务公开工作要点落实情况自查及政府信息公开工作年度报告有关事项的通知》（榕政办〔2016〕237号）要求，由福州市晋安区人民政府信息公开办编制。福州市晋安区人民政府信息公开办公室提供本报告的电子版下载。如对本报告有任何疑问，可致电福州市晋安区人民政府信息公开办公室，电话：0591-83926179。\n2016年，我区政府认真贯彻落实《条例》、《福建省政府信息公开办法》，按照省、市政府办公厅工作要求，全面做好政府信息公开工作。"),
    // ljxq.cq.gov.cn, 2024.
    ("重庆两江新区管理委员会办公室", "2024", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现发布《重庆两江新区管理委员会办公室2024年政府信息公开工作年度报告》。统计时间为2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，两江新区管委会办公室坚持以习近平新时代中国特色社会主义思想为指导，狠抓载体、制度和能力建设。\n（二）做好依申请公开。2024年，办公室牵头办理向管委会申请的政府信息31件，其中予以公开4件、部分公开4件。"),
    // 永川高新技术产业开发区管理委员会 2024.
    ("永川高新技术产业开发区管理委员会", "2024", "根据《中华人民共和国政府信息公开条例》，特向社会公布永川高新技术产业开发区管理委员会2024年政府信息公开年度报告。所列数据的统计期限为2024年1月1日至2024年12月31日。\n（一）主动公开\n2024年主动公开政府信息数455条；永川高新区微信公众号发布信息328条。\n（三）政府信息管理\n我委认真贯彻执行《中华人民共和国政府信息公开条例》等有关法规和文件，办公室负责政务公开工作日常管理，各科室、中心按要求发布政务公开内容。"),
    // panyu.gov.cn, 2024.
    ("番禺经济技术开发区管理委员会", "2024", "一、总体情况\n2024年，番禺经济技术开发区管委会坚持以习近平新时代中国特色社会主义思想为指导，严格落实《中华人民共和国政府信息公开条例》和省、市、区政府关于政务公开的各项要求。\n（一）主动公开情况。番禺经开区管委会始终将政务信息主动公开作为保障知情权、提高透明度、接受民主监督的重要抓手。2024年，番禺经开区管委会在门户专属网页上主动公开各类信息74条。"),
    // wsjkw.hangzhou.gov.cn, 2023.
    ("杭州市卫生健康委员会", "2023", "（一）主动公开\n重点领域信息公开。完成杭州电台4期《民情热线》、6期《我们圆桌会》节目制作，召开全市卫生健康惠民举措推介会。全年共接受国家、省市级主流媒体的采访60多批次。市卫生健康委网站共发布信息3972条，“健康杭州”官方微博更新5092条。\n（二）依申请公开\n2023年，我委收到政府信息公开申请44件，上年度结转0件，本年度办结39件。"),
    // cangzhou.gov.cn, 2023.
    ("沧州市卫生健康委员会", "2023", "本报告由沧州市卫生健康委根据《中华人民共和国政府信息公开条例》等相关规定，制作统计数据编制而成。公众可在“中国·沧州”政府门户网站的政府信息公开专栏中查看和下载本报告。\n一、总体情况\n2023年，我委认真贯彻落实国家和省、市关于政府信息公开的有关工作要求。\n（二）依申请公开。委不断规范完善依申请公开事项的接收、登记、审核、办理、答复、归档等运行机制流程。"),
    // wjw.laibin.gov.cn, 2023.
    ("来宾市卫生健康委员会", "2023", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《广西壮族自治区人民政府办公厅关于做好2023年政府信息公开工作年度报告发布和报送工作的通知》相关要求，结合来宾市卫生健康委员会政府信息公开工作实际，现编制2023年政府信息公开工作年度报告。如对本报告有任何疑问，请与来宾市卫生健康委员会办公室联系（地址：来宾市盘古大道121号，自然资源局办公大楼4楼）。\n（一）主动公开情况。\n2023年1—12月，我委在来宾市卫生健康委员会网站累计发布信息313条。\n（三）政府信息管理。\n我委高度重视政府信息管理工作，制定了《来宾市卫生健康委员会政府网站及政务新媒体信息发布制度》。"),
    // wsjk.hld.gov.cn, 2023.
    ("葫芦岛市卫生健康委员会", "2023", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制本报告。\n一、总体情况\n2023年，市卫生健康委政府信息公开工作以《条例》为遵循，紧密结合我市卫生健康工作实际。\n（一）主动公开情况\n市卫生健康委严格依照《条例》等有关规定，全面推进政府信息公开工作。充分发挥市卫生健康委网站信息公开第一平台作用，全年主动公开各类信息2088条。"),
    // dt.gov.cn, 2025.
    ("大同市卫生健康委员会", "2025", "本报告依据《中华人民共和国政府信息公开条例》（以下简称新《条例》）要求，由大同市卫生健康委员会结合有关统计数据编制。本年度报告的电子版可以从大同市人民政府网站下载。如对本报告有任何疑问，请与大同市卫生健康委员会联系（地址：山西省大同市兴云街2799号，电话：5193114）。\n一、总体情况\n2025年，全市卫生健康系统坚决贯彻落实党的二十大和二十届历次全会精神。一年来，我委着力以公开促落实、促规范、促服务。"),
    // wsjsj.weinan.gov.cn, 2023. (进驻到市行政服务中心… at a sentence's start was a false alarm until a name at a
    // sentence's start had to be followed by a predicate: 坚持, 认真, 高度…)
    ("渭南市卫生健康委员会", "2023", "按照《中华人民共和国政府信息公开条例》的要求，现向社会公开《渭南市卫生健康委员会2023年政府信息公开工作年度报告》。\n一、总体情况\n2023年，我委围绕中心工作，紧盯重点，聚焦热点，累计通过网站发布各类政府信息3809条。\n1.行政审批事项。进驻到市行政服务中心卫健窗口的所有服务事项落实“一站式”办公。\n委机关主动公开的信息，除通过渭南卫健委网、渭南市人民政府网发布外，采取新闻发布会、新闻媒体等形式公开。"),
    // 江门市政府投资工程建设管理中心 2024 (mirrored).
    ("江门市政府投资工程建设管理中心", "2024", "一、总体情况\n2024年，市建管中心以习近平新时代中国特色社会主义思想为指导，严格落实《中华人民共和国政府信息公开条例》规定。\n（一）主动公开情况。\n2024年市建管中心在政府信息公开目录系统发布政府信息263条。\n（二）依申请公开情况。\n2024年市建管中心收到政府信息公开申请1宗。我中心严格依照《中华人民共和国政府信息公开条例》和《广东省政府信息公开申请办理答复规范》规定和要求进行办理。\n（四）平台建设情况。\n通过“江门市人民政府门户网站江门市政府投资工程建设管理中心部门频道”和“江门建管”微信公众号公开政府信息。"),
    // js.changchun.gov.cn, 2024.
    ("长春市人民政府办公厅", "2024", "本年度报告根据《中华人民共和国政府信息公开条例》相关要求编制。\n一、总体情况\n2024年，长春市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导，按照市委、市政府推进新时代政务公开工作的要求，依法履行公开职责。\n（一）主动公开方面\n2024年，通过长春市人民政府网站平台发布政府动态类信息1464条。编辑《长春市人民政府公报》12期，并在市政府门户网站同步发布电子版。\n（二）依申请公开方面\n所有答复件中，因本机关不掌握等原因无法提供的49件，占50%。"),
    // wenzhou.gov.cn, 2024.
    ("温州市人民政府办公室", "2024", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》规定编制本报告。\n一、总体情况\n2024年，市政府办公室坚持以习近平新时代中国特色社会主义思想为指导，紧扣国务院和省2024年政务公开工作要点。\n（一）主动公开\n2024年通过市政府门户网站主动发布市政府文件13条，市政府办公室文件14条。形成以市政府网站为核心、其他新媒体公开渠道为辅的信息公开矩阵，“破局”重点领域信息公开。"),
    // gz.gov.cn, 2024.
    ("广州市人民政府办公厅", "2024", "根据《中华人民共和国政府信息公开条例》等规定，现公布广州市人民政府办公厅2024年政府信息公开工作年度报告。本报告的电子版可在广州市人民政府门户网站（www.gz.gov.cn）下载。\n一、总体情况\n2024年，广州市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导，围绕市委市政府重点工作，认真落实新时代政务公开要求。\n（一）主动公开情况。\n优化政府信息集中统一发布平台，依托市政府门户网站发布主动公开文件111份。"),
    // qinan.gov.cn, 2025.
    ("兴国镇人民政府", "2025", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制本报告。\n一、总体情况\n2025年，兴国镇政府坚持“以公开为常态、不公开为例外”切实保障人民群众知情权、监督权为目标，加强网站管理，拓展公开渠道。\n（一）主动公开。成立政府信息公开工作领导小组，由镇主要领导任组长，分管领导任副组长，由党政综合办公室成员为组员负责日常事务性工作。"),
];

#[test]
fn published_reports_under_their_own_unit_give_no_finding() {
    let t = templates::national();
    for (unit, year, text) in PUBLISHED {
        let findings = check(t, &report(t, unit, year, text));
        let found = same_unit(t, &findings);
        assert!(found.is_empty(), "{unit}: {found:#?}");
    }
}

/// A published report's text under a sibling unit's header (the way a copied report looks): a warning naming both
/// units, once per other unit however often the text names it (its abbreviations included).
#[test]
fn a_published_report_under_another_unit_is_a_warning_with_both_names() {
    let t = templates::national();
    let text_of = |unit: &str| {
        PUBLISHED
            .iter()
            .find(|(u, ..)| *u == unit)
            .map(|(_, year, text)| (*year, *text))
            .unwrap()
    };
    for (own, other, expected) in [
        // 2023年，柳州市体育局认真落实… / 柳州市体育局高度重视…
        ("柳州市体育局", "桂林市体育局", "柳州市体育局"),
        // 现将宝鸡市体育局2022年…年度报告予以公布 (the restated title) and 2022年，宝鸡市体育局…: one finding.
        ("宝鸡市体育局", "汉中市体育局", "宝鸡市体育局"),
        // 闽侯县财政局编制了本报告 is not read; 可与闽侯县财政局办公室联系 is.
        ("闽侯县财政局", "闽清县财政局", "闽侯县财政局办公室"),
        // 请与济南市章丘区文化和旅游局联系, then 章丘区文化和旅游局 (the same unit written shorter).
        (
            "济南市章丘区文化和旅游局",
            "济南市历城区文化和旅游局",
            "济南市章丘区文化和旅游局",
        ),
        // The district's office under its city's: 2022年，平城区促进外来投资局…, 请联系平城区促进外来投资局办公室.
        (
            "平城区促进外来投资局",
            "大同市促进外来投资局",
            "平城区促进外来投资局",
        ),
        // 本报告由济宁市体育局…编制 under the next city's header.
        ("济宁市体育局", "泰安市体育局", "济宁市体育局"),
        // 请与来宾市卫生健康委员会办公室联系 under the neighbouring city's commission.
        (
            "来宾市卫生健康委员会",
            "柳州市卫生健康委员会",
            "来宾市卫生健康委员会办公室",
        ),
        // 本报告由沧州市卫生健康委根据…编制.
        (
            "沧州市卫生健康委员会",
            "衡水市卫生健康委员会",
            "沧州市卫生健康委",
        ),
        // 2024年，长春市人民政府办公厅坚持… under another city's office.
        (
            "长春市人民政府办公厅",
            "吉林市人民政府办公厅",
            "长春市人民政府办公厅",
        ),
    ] {
        let (year, text) = text_of(own);
        let findings = check(t, &report(t, other, year, text));
        let found = same_unit(t, &findings);
        assert_eq!(found.len(), 1, "{own} under {other}: {found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.contains(&format!("“{expected}"))
                && found[0].message.contains(&format!("发布单位是“{other}”")),
            "{}",
            found[0].message
        );
    }
}

/// Abbreviations cannot tell: a text that names its unit only as 省体育局 / 我局 / 县教体局 gives nothing under any
/// header (a miss, not a false alarm).
#[test]
fn abbreviations_are_never_compared() {
    let t = templates::national();
    for (own, other) in [
        ("四川省体育局", "吉林省体育局"),
        ("紫阳县教育体育局", "平利县教育体育局"),
        ("杨凌示范区审计局", "杨凌示范区财政局"),
    ] {
        let (_, year, text) = PUBLISHED.iter().find(|(u, ..)| *u == own).unwrap();
        let findings = check(t, &report(t, other, year, text));
        assert!(same_unit(t, &findings).is_empty(), "{own} under {other}");
    }
}

/// A people's government's report speaks for its place: its departments named in full are its own; another
/// district's are not.
#[test]
fn a_governments_report_names_its_own_departments() {
    let t = templates::national();
    let text =
        "2023年，长春市二道区人民政府坚持以公开为常态。长春市二道区财政局及时公开预决算信息。\n\
        2023年，二道区教育局公开招生政策。如对本报告有疑问，请与长春市二道区人民政府办公室联系。";
    let own = check(t, &report(t, "长春市二道区人民政府", "2023", text));
    assert!(same_unit(t, &own).is_empty(), "{:#?}", same_unit(t, &own));
    let findings = check(t, &report(t, "长春市朝阳区人民政府", "2023", text));
    let found = same_unit(t, &findings);
    // 长春市二道区人民政府 (with its office and its departments: one place) is told once.
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("“长春市二道区人民政府”"),
        "{}",
        found[0].message
    );
}

/// A last line that is no unit's name above the date (特此报告) is no signature.
#[test]
fn a_closing_phrase_above_the_date_is_no_signature() {
    let t = templates::national();
    let mut r = report(t, "长春市二道区房屋征收工作管理办公室", "2022", "");
    r.set_section(
        t.section_index("other").unwrap(),
        "本年度未收取信息处理费。\n特此报告\n2023年1月16日",
    );
    assert!(same_unit(t, &check(t, &r)).is_empty());
}

/// Published signatures (遂溪县建新镇人民政府 2018, suixi.gov.cn; 桦甸市人民政府新华街道办事处 2012): under their own
/// unit nothing, under the neighbouring unit a warning.
#[test]
fn published_signatures_name_their_unit() {
    let t = templates::national();
    let other = t.section_index("other").unwrap();
    for (unit, neighbour, year, ending) in [
        (
            "遂溪县建新镇人民政府",
            "遂溪县港门镇人民政府",
            "2018",
            "我镇2018年度，没有发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案。\n\n遂溪县建新镇人民政府\n2018年12月31日",
        ),
        (
            "桦甸市新华街道办事处",
            "桦甸市明桦街道办事处",
            "2012",
            "推进我街道信息公开工作进一步高效化、规范化。\n桦甸市人民政府新华街道办事处\n2013年3月7日",
        ),
    ] {
        let mut own = report(t, unit, year, "");
        own.set_section(other, ending);
        assert!(same_unit(t, &check(t, &own)).is_empty(), "{unit}");
        let mut copied = report(t, neighbour, year, "");
        copied.set_section(other, ending);
        let findings = check(t, &copied);
        let found = same_unit(t, &findings);
        assert_eq!(found.len(), 1, "{neighbour}: {found:#?}");
        assert!(found[0].message.contains("末尾署名"), "{}", found[0].message);
    }
}

/// The old format (legacy-2008) has the same rule: 宿州市人民政府 2016's preamble (请与宿州市政务公开办公室联系) under
/// its own unit gives nothing, under the neighbouring city's a warning; the seed example gives nothing.
#[test]
fn the_old_format_names_its_unit_too() {
    let t = templates::legacy();
    let preamble = t.section_index("preamble").unwrap();
    let text = "本报告是根据《中华人民共和国政府信息公开条例》精神，综合各县、区人民政府和市政府各部门、各直属机构的政府信息\
        公开工作报告和有关统计数据而成。如对本年度报告有任何疑问，请与宿州市政务公开办公室联系。";
    let with = |unit: &str| {
        let mut r = Report::new(t);
        r.set_field(t.field_index("unit").unwrap(), unit);
        r.set_field(t.field_index("year").unwrap(), "2016");
        r.set_section(preamble, text);
        r
    };
    assert!(same_unit(t, &check(t, &with("宿州市人民政府"))).is_empty());
    let findings = check(t, &with("淮北市人民政府"));
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("“宿州市政务公开办公室”"),
        "{}",
        found[0].message
    );
    let (legacy, seed) =
        templates::read_report(include_str!("../examples/reports/yiyuan-2011.json")).unwrap();
    assert!(same_unit(legacy, &check(legacy, &seed)).is_empty());
}

/// A header's unit typed or sent at any length is quoted shortened (as every message quotes outside text), not whole:
/// the fuzzer's case, a unit of a thousand characters under a text naming another unit.
#[test]
fn a_long_unit_is_quoted_shortened() {
    let t = templates::national();
    let unit = "字".repeat(1000);
    let long = report(t, &unit, "2023", ZHANJIANG);
    let findings = check(t, &long);
    let found = same_unit(t, &findings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains('…'), "{}", found[0].message);
    assert!(
        found[0].message.chars().count() < 200,
        "{}",
        found[0].message
    );
    for d in &findings.diagnostics {
        assert!(d.message.chars().count() < 600, "{}", d.message);
    }
}
