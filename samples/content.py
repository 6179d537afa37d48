"""Text of the sample documents (fictional people, realistic formats).

Each page is a dict:
  type      sohoa document-type code (DOMAIN.md catalog)
  title     centered bold title (one line)
  subtitle  optional centered regular line under the title
  body      list of body lines; a plain str is left-aligned (wrapped to the text
            width if too long), ("c", str) is centered (never wrapped)

Every page also gets the national header (two centered bold lines).

Codes follow /work/shared/DOMAIN.md: dossier codes <agency>-YYMMDD-NNNN (the date is
the receipt date), procedure codes like 1.001193, 12-digit citizen IDs
(province 001-096, century/sex digit, 2-digit birth year, 6 digits).
"""

HEADER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

# Citizen IDs used below: (id, birth year, sex) -- checked by generate.py.
PEOPLE = {
    "Trần Thị Thu Hà": ("001192004567", 1992, "F"),
    "Nguyễn Văn An": ("036090001234", 1990, "M"),
    "Nguyễn Minh Khang": ("001225012345", 2025, "M"),
    "Vũ Thị Hường": ("001196023481", 1996, "F"),
    "Đặng Quốc Việt": ("040094012876", 1994, "M"),
    "Lê Hoàng Phúc": ("048098005612", 1998, "M"),
    "Phạm Ngọc Ánh": ("031187009354", 1987, "F"),
    "Đặng Bảo Ngọc": ("001326004218", 2026, "F"),
}

C = "c"

# --- Dossier 1: Đăng ký khai sinh (1.001193), Hà Nội, 12/03/2025 ----------------

TO_KHAI_KHAI_SINH = {
    "type": "to_khai_khai_sinh",
    "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Họ, chữ đệm, tên người yêu cầu: Trần Thị Thu Hà",
        "Số định danh cá nhân: 001192004567",
        "Nơi cư trú: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Quan hệ với người được khai sinh: Mẹ",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên: Nguyễn Minh Khang",
        "Ngày, tháng, năm sinh: 05/03/2025",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Phụ sản Hà Nội, thành phố Hà Nội",
        "Quê quán: xã Hải Hậu, tỉnh Nam Định",
        "Họ, chữ đệm, tên người mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Họ, chữ đệm, tên người cha: Nguyễn Văn An; Năm sinh: 1990",
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật.",
        (C, "Hà Nội, ngày 12 tháng 3 năm 2025"),
    ],
}

GIAY_CHUNG_SINH_KHANG = {
    "type": "giay_chung_sinh",
    "title": "GIẤY CHỨNG SINH",
    "body": [
        "Số: 0125/2025/GCS; Quyển số: 03",
        "Bệnh viện Phụ sản Hà Nội",
        "Họ và tên mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Số định danh cá nhân: 001192004567",
        "Nơi cư trú: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Dân tộc: Kinh",
        "Đã sinh con vào lúc: 08 giờ 40 phút, ngày 05 tháng 03 năm 2025",
        "Tại: Bệnh viện Phụ sản Hà Nội",
        "Số con trong lần sinh này: 01",
        "Giới tính của con: Nam; Cân nặng: 3.200 gam",
        "Dự định đặt tên con là: Nguyễn Minh Khang",
        "Người đỡ đẻ: Bác sĩ Lê Thị Mai",
        (C, "Hà Nội, ngày 06 tháng 3 năm 2025"),
    ],
}

GIAY_KHAI_SINH_KHANG = {
    "type": "giay_khai_sinh",
    "title": "GIẤY KHAI SINH",
    "body": [
        "Số: 215/2025; Quyển số: 01/2025",
        "Họ, chữ đệm, tên: Nguyễn Minh Khang",
        "Ngày, tháng, năm sinh: 05/03/2025",
        "Ghi bằng chữ: Ngày năm, tháng ba, năm hai nghìn không trăm hai mươi lăm",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Phụ sản Hà Nội, thành phố Hà Nội",
        "Quê quán: xã Hải Hậu, tỉnh Nam Định",
        "Số định danh cá nhân: 001225012345",
        "Họ, chữ đệm, tên người mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Họ, chữ đệm, tên người cha: Nguyễn Văn An; Năm sinh: 1990",
        "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Ngày, tháng, năm đăng ký: 12/03/2025",
        (C, "Hà Nội, ngày 12 tháng 3 năm 2025"),
    ],
}

TIEP_NHAN_KHAI_SINH = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.00.H30-250312-0012",
        "Bộ phận Một cửa Ủy ban nhân dân phường Điện Biên tiếp nhận hồ sơ của:",
        "Ông/Bà: Trần Thị Thu Hà",
        "Số định danh cá nhân: 001192004567",
        "Địa chỉ: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Số điện thoại: 0912 345 678",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Mã thủ tục: 1.001193",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký khai sinh: 01 bản chính",
        "2. Giấy chứng sinh: 01 bản chính",
        "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 12/03/2025",
        "Thời gian trả kết quả: 15 giờ 30 phút, ngày 12/03/2025",
        "Nơi trả kết quả: Bộ phận Một cửa Ủy ban nhân dân phường Điện Biên",
        "Người tiếp nhận hồ sơ: Đỗ Thanh Tùng",
    ],
}

# --- Dossier 2: Đăng ký kết hôn (1.000894), Hà Đông, 20/10/2025 ------------------

TIEP_NHAN_KET_HON = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.12.H26-251020-0034",
        "Bộ phận Một cửa Ủy ban nhân dân phường Hà Đông tiếp nhận hồ sơ của:",
        "Ông/Bà: Vũ Thị Hường",
        "Số định danh cá nhân: 001196023481",
        "Địa chỉ: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký kết hôn",
        "Mã thủ tục: 1.000894",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký kết hôn: 01 bản chính",
        "2. Giấy xác nhận tình trạng hôn nhân của bên nam: 01 bản chính",
        "Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 20/10/2025",
        "Thời gian trả kết quả: 14 giờ 00 phút, ngày 24/10/2025",
        "Người tiếp nhận hồ sơ: Hoàng Minh Châu",
    ],
}

TO_KHAI_KET_HON_1 = {
    "type": "to_khai_dang_ky_ket_hon",
    "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Thông tin bên nữ:",
        "Họ, chữ đệm, tên: Vũ Thị Hường",
        "Ngày, tháng, năm sinh: 14/02/1996",
        "Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Số định danh cá nhân: 001196023481",
        "Kết hôn lần thứ: Lần đầu",
        "Thông tin bên nam:",
        "Họ, chữ đệm, tên: Đặng Quốc Việt",
        "Ngày, tháng, năm sinh: 21/07/1994",
        "Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi cư trú: xóm 5, xã Diễn Châu, tỉnh Nghệ An",
        "Số định danh cá nhân: 040094012876",
        "Kết hôn lần thứ: Lần đầu",
    ],
}

TO_KHAI_KET_HON_2 = {
    "type": "to_khai_dang_ky_ket_hon",
    "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN (tiếp theo)",
    "body": [
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi "
        "là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
        "Chúng tôi chịu trách nhiệm trước pháp luật về lời cam đoan của mình.",
        "Đề nghị Ủy ban nhân dân phường Hà Đông đăng ký.",
        "Giấy tờ kèm theo: Giấy xác nhận tình trạng hôn nhân của bên nam",
        "Số: 098/2025/XNTTHN, cấp ngày 30/09/2025",
        "Mã hồ sơ: 000.00.12.H26-251020-0034",
        "Mã thủ tục: 1.000894",
        (C, "Hà Nội, ngày 20 tháng 10 năm 2025"),
        "Bên nữ: Vũ Thị Hường",
        "Bên nam: Đặng Quốc Việt",
    ],
}

XAC_NHAN_HON_NHAN_VIET = {
    "type": "giay_xac_nhan_tinh_trang_hon_nhan",
    "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "body": [
        "Số: 098/2025/XNTTHN",
        "Ủy ban nhân dân xã Diễn Châu, tỉnh Nghệ An xác nhận:",
        "Họ, chữ đệm, tên: Đặng Quốc Việt",
        "Ngày, tháng, năm sinh: 21/07/1994",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 040094012876",
        "Nơi cư trú: xóm 5, xã Diễn Châu, tỉnh Nghệ An",
        "Trong thời gian cư trú tại xã Diễn Châu, tỉnh Nghệ An từ ngày 21/07/1994 đến ngày 30/09/2025",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để: Làm thủ tục đăng ký kết hôn với bà Vũ Thị Hường",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, "Diễn Châu, ngày 30 tháng 9 năm 2025"),
    ],
}

# --- Dossier 3: Cấp Giấy xác nhận tình trạng hôn nhân (1.004873), Đà Nẵng --------

XAC_NHAN_HON_NHAN_PHUC = {
    "type": "giay_xac_nhan_tinh_trang_hon_nhan",
    "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "body": [
        "Số: 125/2025/XNTTHN",
        "Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng xác nhận:",
        "Họ, chữ đệm, tên: Lê Hoàng Phúc",
        "Ngày, tháng, năm sinh: 09/11/1998",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 048098005612",
        "Nơi cư trú: số 27 đường Trần Phú, phường Hải Châu, thành phố Đà Nẵng",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để: Bổ sung hồ sơ vay vốn tại ngân hàng",
        "Mã hồ sơ: 000.00.00.H17-250915-0107",
        "Mã thủ tục: 1.004873",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, "Đà Nẵng, ngày 15 tháng 9 năm 2025"),
    ],
}

# --- Dossier 4: Cấp giấy phép xây dựng nhà ở riêng lẻ (1.009974), Hải Phòng ------

DON_XAY_DUNG_1 = {
    "type": "don_de_nghi_cap_giay_phep_xay_dung",
    "title": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
    "subtitle": "Sử dụng cho nhà ở riêng lẻ",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Ngô Quyền, thành phố Hải Phòng",
        "1. Thông tin về chủ đầu tư:",
        "Tên chủ đầu tư: Phạm Ngọc Ánh",
        "Số định danh cá nhân: 031187009354",
        "Địa chỉ liên hệ: số 8 ngõ 72 đường Lạch Tray, phường Ngô Quyền, thành phố Hải Phòng",
        "Số điện thoại: 0936 218 457",
        "2. Thông tin công trình:",
        "Địa điểm xây dựng: Lô đất số 15, tờ bản đồ số 07, đường Lạch Tray, phường Ngô Quyền",
        "3. Nội dung đề nghị cấp phép:",
        "Loại công trình: Nhà ở riêng lẻ; Cấp công trình: Cấp III",
        "Diện tích xây dựng tầng 1: 86,5 m2",
        "Tổng diện tích sàn: 302,8 m2",
        "Chiều cao công trình: 14,6 m; Số tầng: 04 tầng",
    ],
}

DON_XAY_DUNG_2 = {
    "type": "don_de_nghi_cap_giay_phep_xay_dung",
    "title": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG (tiếp theo)",
    "body": [
        "4. Đơn vị thiết kế: Công ty TNHH Tư vấn Thiết kế Xây dựng Hải An",
        "Mã số chứng chỉ năng lực: HAP-00012345",
        "Địa chỉ: số 120 đường Văn Cao, phường Gia Viên, thành phố Hải Phòng",
        "5. Phương án phá dỡ, di dời: Không",
        "6. Dự kiến thời gian hoàn thành công trình: 10 tháng",
        "7. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn "
        "toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
        "Gửi kèm theo Đơn này các tài liệu:",
        "Bản sao Giấy chứng nhận quyền sử dụng đất số CS 04512",
        "Hai bộ bản vẽ thiết kế xây dựng",
        "Mã thủ tục: 1.009974",
        (C, "Hải Phòng, ngày 03 tháng 6 năm 2025"),
        (C, "Người làm đơn: Phạm Ngọc Ánh"),
    ],
}

# --- Dossier 5: Đăng ký thành lập hộ kinh doanh (2.000575), Hà Nội, 09/11/2026 ---

HO_KINH_DOANH_1 = {
    "type": "giay_de_nghi_dang_ky_ho_kinh_doanh",
    "title": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
    "body": [
        "Kính gửi: Phòng Kinh tế phường Ba Đình, thành phố Hà Nội",
        "Tôi là: Nguyễn Văn An; Giới tính: Nam",
        "Sinh ngày: 12/03/1990; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 036090001234",
        "Nơi thường trú: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "Số điện thoại: 0983 456 120",
        "Đăng ký hộ kinh doanh với nội dung sau:",
        "1. Tên hộ kinh doanh: Hộ kinh doanh Cà phê Phố Cổ",
        "2. Địa chỉ trụ sở: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "3. Ngành, nghề kinh doanh: Dịch vụ phục vụ đồ uống, mã ngành 5630",
        "4. Vốn kinh doanh: 300.000.000 đồng (Ba trăm triệu đồng)",
        "5. Số lượng lao động dự kiến: 04 người",
    ],
}

HO_KINH_DOANH_2 = {
    "type": "giay_de_nghi_dang_ky_ho_kinh_doanh",
    "title": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH (tiếp theo)",
    "body": [
        "6. Thành viên hộ gia đình tham gia thành lập hộ kinh doanh:",
        "Thành viên 1: Nguyễn Văn An, sinh ngày 12/03/1990, số định danh cá nhân 036090001234",
        "Thành viên 2: Trần Thị Thu Hà, sinh ngày 18/08/1992, số định danh cá nhân 001192004567",
        "Chủ hộ kinh doanh: Nguyễn Văn An",
        "Tôi cam kết bản thân không thuộc diện bị cấm đăng ký hộ kinh doanh; trụ sở hộ kinh "
        "doanh thuộc quyền sử dụng hợp pháp của hộ gia đình; chịu trách nhiệm trước pháp luật "
        "về tính hợp pháp, chính xác, trung thực của nội dung đăng ký.",
        "Mã hồ sơ: 000.00.00.H30-261109-0012",
        "Mã thủ tục: 2.000575",
        (C, "Hà Nội, ngày 09 tháng 11 năm 2026"),
        (C, "Chủ hộ kinh doanh: Nguyễn Văn An"),
    ],
}

TIEP_NHAN_HO_KINH_DOANH = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.00.H30-261109-0012",
        "Trung tâm Phục vụ hành chính công phường Ba Đình tiếp nhận hồ sơ của:",
        "Ông/Bà: Nguyễn Văn An",
        "Số định danh cá nhân: 036090001234",
        "Địa chỉ: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký thành lập hộ kinh doanh",
        "Mã thủ tục: 2.000575",
        "Thành phần hồ sơ gồm:",
        "1. Giấy đề nghị đăng ký hộ kinh doanh: 01 bản chính",
        "2. Bản sao căn cước công dân của chủ hộ: 01 bản",
        "Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 09/11/2026",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 12/11/2026",
        "Người tiếp nhận hồ sơ: Phan Thị Lan",
    ],
}

# --- Dossier 6: Đăng ký khai sinh trực tuyến (1.001193), Hà Đông, 20/08/2026 -----

GIAY_CHUNG_SINH_NGOC = {
    "type": "giay_chung_sinh",
    "title": "GIẤY CHỨNG SINH",
    "body": [
        "Số: 2731/2026/GCS; Quyển số: 08",
        "Bệnh viện Đa khoa Hà Đông",
        "Họ và tên mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Số định danh cá nhân: 001196023481",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Dân tộc: Kinh",
        "Đã sinh con vào lúc: 14 giờ 20 phút, ngày 14 tháng 08 năm 2026",
        "Tại: Bệnh viện Đa khoa Hà Đông",
        "Số con trong lần sinh này: 01",
        "Giới tính của con: Nữ; Cân nặng: 2.900 gam",
        "Dự định đặt tên con là: Đặng Bảo Ngọc",
        "Người đỡ đẻ: Nữ hộ sinh Ngô Thị Thảo",
        (C, "Hà Nội, ngày 17 tháng 8 năm 2026"),
    ],
}

TO_KHAI_KHAI_SINH_NGOC = {
    "type": "to_khai_khai_sinh",
    "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Họ, chữ đệm, tên người yêu cầu: Đặng Quốc Việt",
        "Số định danh cá nhân: 040094012876",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Quan hệ với người được khai sinh: Cha",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên: Đặng Bảo Ngọc",
        "Ngày, tháng, năm sinh: 14/08/2026",
        "Giới tính: Nữ; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Đa khoa Hà Đông, thành phố Hà Nội",
        "Quê quán: xã Diễn Châu, tỉnh Nghệ An",
        "Họ, chữ đệm, tên người mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Họ, chữ đệm, tên người cha: Đặng Quốc Việt; Năm sinh: 1994",
        "Kênh thực hiện: Trực tuyến qua Cổng Dịch vụ công quốc gia",
        (C, "Hà Nội, ngày 20 tháng 8 năm 2026"),
    ],
}

TIEP_NHAN_KHAI_SINH_NGOC = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.12.H26-260820-0051",
        "Bộ phận Một cửa Ủy ban nhân dân phường Hà Đông tiếp nhận hồ sơ trực tuyến của:",
        "Ông/Bà: Đặng Quốc Việt",
        "Số định danh cá nhân: 040094012876",
        "Địa chỉ: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Mã thủ tục: 1.001193",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký khai sinh: bản điện tử",
        "2. Giấy chứng sinh: bản chụp điện tử",
        "Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 20/08/2026",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 20/08/2026",
    ],
}

GIAY_KHAI_SINH_NGOC = {
    "type": "giay_khai_sinh",
    "title": "GIẤY KHAI SINH",
    "body": [
        "Số: 388/2026; Quyển số: 01/2026",
        "Họ, chữ đệm, tên: Đặng Bảo Ngọc",
        "Ngày, tháng, năm sinh: 14/08/2026",
        "Ghi bằng chữ: Ngày mười bốn, tháng tám, năm hai nghìn không trăm hai mươi sáu",
        "Giới tính: Nữ; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Đa khoa Hà Đông, thành phố Hà Nội",
        "Quê quán: xã Diễn Châu, tỉnh Nghệ An",
        "Số định danh cá nhân: 001326004218",
        "Họ, chữ đệm, tên người mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Họ, chữ đệm, tên người cha: Đặng Quốc Việt; Năm sinh: 1994",
        "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Ngày, tháng, năm đăng ký: 20/08/2026",
        (C, "Hà Nội, ngày 20 tháng 8 năm 2026"),
    ],
}
